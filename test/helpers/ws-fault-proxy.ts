import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { decodeClientMessage, MessageType } from '../../main/sessions/protocol/codec';
import type { ClientMessage } from '../../main/sessions/protocol/codec';

/**
 * A WebSocket man-in-the-middle for data-channel tests: the client dials it through its
 * `openSocket` option, it dials the simulator with the same path and query, and relays frames
 * both ways while recording them. Tests can rewrite frames on their way (corrupt, truncate,
 * retype, drop, forge the token) or turn the proxy into a peer that never answers, so the
 * client's handling of bad input is checked over a real socket against the real agent.
 */

/** Which way a frame travelled. */
export type ProxyDirection = 'to-client' | 'to-server';

/** One frame as the proxy saw it (before any rewrite). */
export interface ProxiedFrame {
  readonly connection: number;
  readonly direction: ProxyDirection;
  readonly isBinary: boolean;
  readonly data: Buffer;
  /** The decoded binary message (digest not checked), when it decodes at all. */
  readonly message: ClientMessage | undefined;
}

/** What a rewrite rule puts on the wire instead of a frame: nothing, or these frames. */
export type ProxyRewrite = ReadonlyArray<{ readonly data: Buffer; readonly isBinary: boolean }>;

/** A rule: return undefined to pass the frame unchanged; a rule is removed once its `remaining` reaches 0. */
export interface ProxyRule {
  readonly direction: ProxyDirection;
  readonly match: (frame: ProxiedFrame) => boolean;
  readonly rewrite: (frame: ProxiedFrame) => ProxyRewrite;
  remaining: number;
}

/** How one proxied connection ended, as the client was told. */
export interface ProxyClose {
  readonly connection: number;
  readonly code: number;
  readonly reason: string;
}

/** Ways the proxy can spoil an output frame on its way to the client. */
export type OutputCorruption = 'digest' | 'truncate' | 'unknown-type';

/** The proxy in front of one simulator. */
export class WsFaultProxy {
  /** Every frame relayed (or swallowed), oldest first. */
  readonly frames: ProxiedFrame[] = [];
  /** TokenValue of every OpenDataChannel frame the client sent, as sent. */
  readonly tokens: string[] = [];
  /** Closes passed on to the client. */
  readonly closes: ProxyClose[] = [];
  /** When true, new connections get no upstream and no pongs: a peer that never answers. */
  silent = false;
  readonly #server: WebSocketServer;
  readonly #upstreamOrigin: string;
  readonly #rules: ProxyRule[] = [];
  readonly #sockets = new Set<WebSocket>();
  readonly #clients: WebSocket[] = [];
  readonly #waiters = new Set<() => void>();
  #connections = 0;

  private constructor(server: WebSocketServer, upstreamOrigin: string) {
    this.#server = server;
    this.#upstreamOrigin = upstreamOrigin;
    server.on('connection', (client, req) => this.#relay(client, req.url ?? '/'));
  }

  /** Starts a proxy on 127.0.0.1 in front of `upstreamOrigin` (e.g. the simulator's `http://127.0.0.1:PORT`). */
  static async start(upstreamOrigin: string): Promise<WsFaultProxy> {
    // autoPong off: the proxy answers pings itself, so a silent peer can ignore them.
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, autoPong: false });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new WsFaultProxy(server, upstreamOrigin.replace(/^http/, 'ws'));
  }

  /** Connections the client opened so far. */
  get connections(): number {
    return this.#connections;
  }

  /** The client's `openSocket`: the same path and query, dialled at the proxy. */
  readonly openSocket = (url: string): WebSocket => {
    const parsed = new URL(url);
    const { port } = this.#server.address() as AddressInfo;
    return new WebSocket(`ws://127.0.0.1:${port}${parsed.pathname}${parsed.search}`, { perMessageDeflate: false });
  };

  /** Adds a rewrite rule for the next `count` matching frames. */
  addRule(rule: Omit<ProxyRule, 'remaining'>, count = 1): void {
    this.#rules.push({ ...rule, remaining: count });
  }

  /** The next `count` Output frames to the client arrive spoiled; the agent, unacked, sends them again. */
  corruptOutput(kind: OutputCorruption, count = 1): void {
    this.addRule(
      {
        direction: 'to-client',
        match: (f) => f.message?.messageType === MessageType.OutputStreamData && f.message.payloadType === 1 && f.message.payload.length > 0,
        rewrite: (f) => [{ data: spoil(f.data, kind), isBinary: true }],
      },
      count,
    );
  }

  /** The next `count` OpenDataChannel frames carry a forged token instead of the client's. */
  forgeTokens(count: number): void {
    this.addRule(
      {
        direction: 'to-server',
        match: (f) => !f.isBinary,
        rewrite: (f) => {
          const open = JSON.parse(f.data.toString('utf8')) as Record<string, unknown>;
          open.TokenValue = Buffer.from(`forged-${this.tokens.length}`).toString('base64');
          return [{ data: Buffer.from(JSON.stringify(open), 'utf8'), isBinary: false }];
        },
      },
      count,
    );
  }

  /** Sends a frame to the client on the newest connection, as if the server had sent it. */
  injectToClient(data: Buffer): void {
    const client = this.#clients.at(-1);
    if (!client || client.readyState !== WebSocket.OPEN) throw new Error('No open client connection to inject into.');
    client.send(data, { binary: true });
  }

  /** Frames seen in one direction that decoded, optionally of one MessageType. */
  messages(direction: ProxyDirection, messageType?: string): ClientMessage[] {
    return this.frames
      .filter((f) => f.direction === direction && f.message !== undefined && (messageType === undefined || f.message.messageType === messageType))
      .map((f) => f.message as ClientMessage);
  }

  /** Resolves once `probe` returns a value (checked now and after every frame or close); rejects after `timeoutMs`. */
  until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`Proxy: timed out waiting for ${what} (${this.frames.length} frames, closes ${JSON.stringify(this.closes)}).`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client: WebSocket, path: string): void {
    const connection = ++this.#connections;
    this.#sockets.add(client);
    this.#clients.push(client);
    client.on('error', () => undefined);
    if (this.silent) {
      // Accepts the socket, then nothing: no frames, no pongs, no close.
      client.on('close', () => this.#sockets.delete(client));
      this.#wake();
      return;
    }
    client.on('ping', (data) => client.pong(data));
    const upstream = new WebSocket(`${this.#upstreamOrigin}${path}`, { perMessageDeflate: false });
    this.#sockets.add(upstream);
    upstream.on('error', () => undefined);
    const early: Array<{ data: Buffer; isBinary: boolean }> = [];
    upstream.on('open', () => {
      for (const frame of early.splice(0)) upstream.send(frame.data, { binary: frame.isBinary });
    });
    client.on('message', (data, isBinary) => {
      for (const out of this.#pass(connection, 'to-server', data, isBinary)) {
        if (upstream.readyState === WebSocket.CONNECTING) early.push(out);
        else if (upstream.readyState === WebSocket.OPEN) upstream.send(out.data, { binary: out.isBinary });
      }
    });
    upstream.on('message', (data, isBinary) => {
      for (const out of this.#pass(connection, 'to-client', data, isBinary)) {
        if (client.readyState === WebSocket.OPEN) client.send(out.data, { binary: out.isBinary });
      }
    });
    upstream.on('close', (code, reason) => {
      this.#sockets.delete(upstream);
      const text = reason.toString('utf8');
      this.closes.push({ connection, code, reason: text });
      // 1005/1006 cannot be sent in a close frame: an abnormal upstream end becomes an abrupt one.
      if (code === 1005 || code === 1006) client.terminate();
      else if (client.readyState === WebSocket.OPEN) client.close(code, text);
      this.#wake();
    });
    client.on('close', () => {
      this.#sockets.delete(client);
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.close(1000);
      this.#wake();
    });
  }

  #pass(connection: number, direction: ProxyDirection, raw: RawData, isBinary: boolean): ProxyRewrite {
    const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
    let message: ClientMessage | undefined;
    if (isBinary) {
      try {
        message = decodeClientMessage(data, { verifyDigest: false });
      } catch {
        message = undefined;
      }
    } else {
      try {
        const token = (JSON.parse(data.toString('utf8')) as { TokenValue?: unknown }).TokenValue;
        if (direction === 'to-server' && typeof token === 'string') this.tokens.push(token);
      } catch {
        // Not JSON: recorded as it is.
      }
    }
    const frame: ProxiedFrame = { connection, direction, isBinary, data, message };
    this.frames.push(frame);
    let out: ProxyRewrite = [{ data, isBinary }];
    const rule = this.#rules.find((r) => r.direction === direction && r.match(frame));
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      out = rule.rewrite(frame);
    }
    this.#wake();
    return out;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** A copy of `frame` broken the given way (§3.4 rules a receiver must enforce). */
function spoil(frame: Buffer, kind: OutputCorruption): Buffer {
  const copy = Buffer.from(frame);
  switch (kind) {
    case 'digest':
      // One payload bit flipped: the PayloadDigest no longer matches.
      copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
      return copy;
    case 'truncate':
      // Cut mid-payload: PayloadLength promises more than the frame holds.
      return copy.subarray(0, copy.length - Math.max(1, Math.floor((copy.length - 120) / 2)));
    case 'unknown-type': {
      // A well-formed frame whose MessageType no receiver knows (space-padded, 32 bytes at offset 4).
      copy.fill(0x20, 4, 36);
      copy.write('output_stream_data_v9', 4, 'latin1');
      return copy;
    }
  }
}
