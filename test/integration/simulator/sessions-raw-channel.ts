import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { MessageType, decodeClientMessage, encodeClientMessage } from '../../../main/sessions/protocol/codec';
import type { ClientMessage } from '../../../main/sessions/protocol/codec';
import { buildAcknowledgeContent, buildOpenDataChannel } from '../../../main/sessions/protocol/payloads';

/**
 * A deliberately bare data-channel client for agent tests: it speaks frames with the shared
 * codec and does only what each test tells it (ack or not, resend, send junk), so the
 * simulator's side of the protocol can be checked rule by rule.
 */

/** How a socket ended. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** One raw connection to a StreamUrl. */
export class RawChannel {
  readonly ws: WebSocket;
  /** Every binary message received, in arrival order. */
  readonly received: ClientMessage[] = [];
  /** When the socket opened (ms). */
  openedAt = 0;
  /** Acknowledge each output_stream_data as it arrives (tests switch it off to provoke resends). */
  autoAck = true;
  #nextSeq: number;
  readonly #waiters = new Set<() => void>();
  readonly closed: Promise<CloseInfo>;

  private constructor(ws: WebSocket, firstSeq: number) {
    this.ws = ws;
    this.#nextSeq = firstSeq;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.#wake();
      });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const message = decodeClientMessage(Buffer.from(data as Buffer));
      this.received.push(message);
      if (this.autoAck && message.messageType === MessageType.OutputStreamData) this.ack(message);
      this.#wake();
    });
  }

  /** Opens `url`; sends the token frame unless `token` is undefined. */
  static async open(url: string, token: string | undefined, options: { firstSeq?: number } = {}): Promise<RawChannel> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const channel = new RawChannel(ws, options.firstSeq ?? 0);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    channel.openedAt = Date.now();
    if (token !== undefined) {
      ws.send(buildOpenDataChannel({ requestId: randomUUID(), tokenValue: token, clientId: randomUUID(), clientVersion: '1.2.707.0' }));
    }
    return channel;
  }

  /** Next input sequence number this channel will use. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Builds (without sending) the next input frame; the sequence number advances. */
  inputFrame(payloadType: number, payload: Uint8Array | string): { frame: Buffer; message: ClientMessage } {
    const message: ClientMessage = {
      messageType: MessageType.InputStreamData,
      schemaVersion: 1,
      createdDate: Date.now(),
      sequenceNumber: this.#nextSeq++,
      flags: 0,
      messageId: randomUUID(),
      payloadType,
      payload: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
    };
    return { frame: encodeClientMessage(message), message };
  }

  /** Sends the next input message; returns it. */
  send(payloadType: number, payload: Uint8Array | string): ClientMessage {
    const { frame, message } = this.inputFrame(payloadType, payload);
    this.ws.send(frame);
    return message;
  }

  /** Sends raw bytes as one binary frame. */
  sendRaw(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  /** Acknowledges one output message as the client must (§4). */
  ack(message: ClientMessage): void {
    this.ws.send(
      encodeClientMessage({
        messageType: MessageType.Acknowledge,
        schemaVersion: 1,
        createdDate: Date.now(),
        sequenceNumber: 0,
        flags: 3,
        messageId: randomUUID(),
        payloadType: 0,
        payload: buildAcknowledgeContent({
          acknowledgedMessageType: message.messageType,
          acknowledgedMessageId: message.messageId,
          acknowledgedMessageSequenceNumber: message.sequenceNumber,
        }),
      }),
    );
  }

  /** Output messages (first copy of each sequence number), in sequence order. */
  outputs(): ClientMessage[] {
    const bySeq = new Map<number, ClientMessage>();
    for (const m of this.received) {
      if (m.messageType === MessageType.OutputStreamData && !bySeq.has(m.sequenceNumber)) bySeq.set(m.sequenceNumber, m);
    }
    return [...bySeq.values()].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }

  /** Shell text so far: PayloadType 1 outputs in sequence order, each once, up to the first gap. */
  text(decrypt?: (payload: Uint8Array) => Uint8Array): string {
    const parts: Buffer[] = [];
    let expected = 0;
    for (const m of this.outputs()) {
      if (m.sequenceNumber !== expected) break;
      expected++;
      if (m.payloadType === 1) parts.push(Buffer.from(decrypt ? decrypt(m.payload) : m.payload));
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Resolves with the first received message matching `predicate` (already received or future). */
  waitFor(predicate: (m: ClientMessage) => boolean, what: string, timeoutMs = 10_000): Promise<ClientMessage> {
    return this.#until(() => this.received.find(predicate), what, timeoutMs);
  }

  /** The shell text without terminal escape sequences and carriage returns (what a reader sees, line by line). */
  plainText(decrypt?: (payload: Uint8Array) => Uint8Array): string {
    // eslint-disable-next-line no-control-regex
    return this.text(decrypt).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  }

  /** Resolves once the plain in-order shell text matches `pattern`. */
  async waitForText(pattern: RegExp, decrypt?: (payload: Uint8Array) => Uint8Array, timeoutMs = 10_000): Promise<string> {
    return this.#until(() => (pattern.test(this.plainText(decrypt)) ? this.plainText(decrypt) : undefined), `text ${String(pattern)}`, timeoutMs);
  }

  /** Closes the socket (if open) and waits for the close. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    await this.closed;
  }

  #until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
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
        const seen = this.received.map((m) => `${m.messageType}#${m.sequenceNumber}/pt${m.payloadType}`).join(' ');
        reject(new Error(`Timed out waiting for ${what}; received: ${seen}; text so far: ${JSON.stringify(this.text())}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
