import { PayloadType } from './codec';
import { buildTerminalSize, type TerminalSize } from './payloads';

/** Most input bytes per message (§7.1). */
export const MAX_INPUT_CHUNK = 1024;

/** A sequenced message waiting for its turn. */
export interface QueuedSend {
  readonly payloadType: number;
  payload: Uint8Array;
}

/**
 * Sequenced messages not yet sent: handshake replies (allowed before the session is ready) and
 * data (input and sizes, held until HandshakeComplete or the first Output, §6.2).
 */
export class SendQueue {
  private readonly handshake: QueuedSend[] = [];
  private readonly data: QueuedSend[] = [];
  private queuedSize: QueuedSend | null = null;

  /** Queues keystrokes or a paste in chunks of at most 1024 bytes; a lone LF becomes CR (§7.1). */
  pushInput(bytes: Uint8Array): void {
    if (bytes.length === 1 && bytes[0] === 0x0a) {
      this.data.push({ payloadType: PayloadType.Output, payload: Uint8Array.of(0x0d) });
      return;
    }
    for (let offset = 0; offset < bytes.length; offset += MAX_INPUT_CHUNK) {
      // Copy: the caller may reuse its buffer while the bytes wait here.
      this.data.push({ payloadType: PayloadType.Output, payload: Uint8Array.from(bytes.subarray(offset, offset + MAX_INPUT_CHUNK)) });
    }
  }

  /** Queues a terminal size; an unsent size is replaced rather than repeated. `first` puts it ahead of waiting input. */
  pushSize(size: TerminalSize, first = false): void {
    const payload = buildTerminalSize(size);
    if (this.queuedSize) {
      this.queuedSize.payload = payload;
      return;
    }
    this.queuedSize = { payloadType: PayloadType.Size, payload };
    if (first) this.data.unshift(this.queuedSize);
    else this.data.push(this.queuedSize);
  }

  /** Queues a handshake reply (HandshakeResponse, EncChallengeResponse). */
  pushHandshake(payloadType: number, payload: Uint8Array): void {
    this.handshake.push({ payloadType, payload });
  }

  /** Takes the next message allowed now: handshake replies always, data only once `ready`. */
  take(ready: boolean): QueuedSend | undefined {
    const reply = this.handshake.shift();
    if (reply || !ready) return reply;
    const item = this.data.shift();
    if (item && item === this.queuedSize) this.queuedSize = null;
    return item;
  }

  /** Drops everything (the session is over). */
  clear(): void {
    this.handshake.length = 0;
    this.data.length = 0;
    this.queuedSize = null;
  }
}
