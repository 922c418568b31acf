import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { decodeClientMessage, type ClientMessage } from '../../../../../main/sessions/protocol/codec';

/** What the client wrote: a text frame (token) or a decoded binary frame. */
export type Sent = { kind: 'text'; json: Record<string, unknown> } | { kind: 'binary'; frame: Buffer; message: ClientMessage };

/** The subset of a `ws` WebSocket the client uses, driven by the test as if it were MGS. */
export class FakeSocket extends EventEmitter {
  readonly sent: Sent[] = [];
  pings = 0;
  /** Answer pings at once, like a live peer. */
  autoPong = true;
  paused = false;
  closedWith: number | null = null;
  terminated = false;
  readyState = 0;

  constructor(readonly url: string) {
    super();
  }

  send(data: string | Buffer): void {
    if (this.readyState !== 1) throw new Error('not open');
    if (typeof data === 'string') this.sent.push({ kind: 'text', json: JSON.parse(data) as Record<string, unknown> });
    else this.sent.push({ kind: 'binary', frame: Buffer.from(data), message: decodeClientMessage(data) });
    this.emit('test:sent');
  }

  ping(): void {
    this.pings++;
    if (this.autoPong) this.emit('pong');
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  close(code = 1005): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  /** Server side: the upgrade succeeded. */
  open(): void {
    this.readyState = 1;
    this.emit('open');
  }

  /** Server side: a binary frame arrives. */
  receive(frame: Buffer): void {
    this.emit('message', frame, true);
  }

  /** Server side: the connection ends (e.g. `1000 "Bye"`). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.emit('close', code, Buffer.from(reason));
  }

  /** Binary messages sent so far. */
  messages(): ClientMessage[] {
    return this.sent.flatMap((s) => (s.kind === 'binary' ? [s.message] : []));
  }

  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}
