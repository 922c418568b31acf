import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { SessionRegistry, TokenCheck } from './session-registry';
import type { SessionFaultState } from './session-controls';

/**
 * The MGS front of the training fleet's data channel: WebSocket upgrades on the simulator's own
 * HTTP server at `/v1/data-channel/<SessionId>?role=publish_subscribe&cell-number=…` (ws,
 * noServer, no compression), then the OpenDataChannel text frame with the session's current
 * token (session-protocol.md §2.3) before anything else. What AWS does with a bad token is
 * unknown (§15); the training fleet closes the socket with one of DataChannelClose's codes.
 */

/** Close codes and reasons the training fleet's data channel uses. */
export const DataChannelClose = {
  /** The first frame was binary, not JSON, or lacked TokenValue/MessageSchemaVersion/RequestId. */
  BadOpenFrame: { code: 4000, reason: 'First frame must be the OpenDataChannel text frame' },
  /** The token is not this session's (forged, or from another session). */
  WrongToken: { code: 4001, reason: 'Token refused' },
  /** The token was already used for a connection or replaced by ResumeSession. */
  StaleToken: { code: 4003, reason: 'Token already used or rotated; call ResumeSession' },
  /** No session with the id in the URL. */
  UnknownSession: { code: 4004, reason: 'Session not found' },
  /** No OpenDataChannel frame within the allowed time. */
  OpenTimeout: { code: 4008, reason: 'No OpenDataChannel frame received in time' },
  /** The session has ended (terminated, timed out, shell exited). */
  SessionEnded: { code: 4010, reason: 'Session terminated' },
  /** A newer connection of the same session took over. */
  Replaced: { code: 4009, reason: 'Replaced by a newer connection' },
  /** MGS's periodic close (§10), also injected by SessionControls.closeSocket. */
  Bye: { code: 1000, reason: 'Bye' },
  /** The simulator is shutting down. */
  GoingAway: { code: 1001, reason: 'Training fleet stopping' },
} as const;

/** Path prefix of StreamUrls. */
export const DATA_CHANNEL_PATH = '/v1/data-channel/';

/** What the server needs from the rest of the simulator. */
export interface DataChannelServerDeps {
  readonly registry: SessionRegistry;
  readonly faults: SessionFaultState;
  /** The exact query string every StreamUrl carries (after `?`). */
  readonly query: string;
  /** A socket presented a valid token for `sessionId`: the agent takes it over. */
  attach(sessionId: string, socket: WebSocket): void;
  /** How long a socket may stay silent before its OpenDataChannel frame (default 10 s). */
  readonly openTimeoutMs?: number;
}

/** Accepts data-channel upgrades and checks the token frame. */
export class DataChannelServer {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
  readonly #deps: DataChannelServerDeps;
  readonly #pending = new Set<WebSocket>();

  constructor(deps: DataChannelServerDeps) {
    this.#deps = deps;
  }

  /** Handles an HTTP upgrade; refuses (HTTP 404/400) anything that is not a StreamUrl of ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : raw.slice(q + 1);
    if (!path.startsWith(DATA_CHANNEL_PATH) || path.length === DATA_CHANNEL_PATH.length) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    // The StreamUrl must be dialled unchanged (§2.1): a rebuilt or re-encoded query is a client bug.
    if (query !== this.#deps.query) {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    const sessionId = decodeURIComponent(path.slice(DATA_CHANNEL_PATH.length));
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#awaitOpen(sessionId, ws));
  }

  /** Closes every socket still waiting for its token frame. */
  close(): void {
    for (const ws of this.#pending) ws.terminate();
    this.#pending.clear();
    this.#wss.close();
  }

  #awaitOpen(sessionId: string, ws: WebSocket): void {
    this.#pending.add(ws);
    const timer = setTimeout(() => finish(DataChannelClose.OpenTimeout, 'open-timeout'), this.#deps.openTimeoutMs ?? 10_000);
    const finish = (close: { code: number; reason: string } | undefined, detail: string): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      this.#pending.delete(ws);
      if (close) {
        this.#deps.faults.record({ sessionId, kind: 'token-refused', detail });
        ws.close(close.code, close.reason);
      }
    };
    const onClose = (): void => finish(undefined, 'closed');
    const onMessage = (data: RawData, isBinary: boolean): void => {
      const token = isBinary ? undefined : readToken(data);
      if (token === undefined) {
        finish(DataChannelClose.BadOpenFrame, isBinary ? 'binary-first-frame' : 'bad-open-frame');
        return;
      }
      const check: TokenCheck = this.#deps.registry.useToken(sessionId, token);
      if (check !== 'accepted') {
        finish(closeFor(check), check);
        return;
      }
      finish(undefined, 'accepted');
      this.#deps.faults.record({ sessionId, kind: 'token-accepted' });
      this.#deps.attach(sessionId, ws);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
  }
}

function closeFor(check: Exclude<TokenCheck, 'accepted'>): { code: number; reason: string } {
  switch (check) {
    case 'no-session':
      return DataChannelClose.UnknownSession;
    case 'terminated':
      return DataChannelClose.SessionEnded;
    case 'stale':
      return DataChannelClose.StaleToken;
    case 'wrong':
      return DataChannelClose.WrongToken;
  }
}

function readToken(data: RawData): string | undefined {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const open = parsed as { MessageSchemaVersion?: unknown; RequestId?: unknown; TokenValue?: unknown };
  // §2.3: MessageSchemaVersion "1.0", a RequestId of at least 16 characters, and the token.
  if (open.MessageSchemaVersion !== '1.0' || typeof open.RequestId !== 'string' || open.RequestId.length < 16) return undefined;
  return typeof open.TokenValue === 'string' && open.TokenValue !== '' ? open.TokenValue : undefined;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
