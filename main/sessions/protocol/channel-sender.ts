import type { WebSocket } from 'ws';
import { AckBatcher } from './ack-batcher';
import type { Clock } from './clock';
import { MessageType, PayloadType, type ClientMessage } from './codec';
import { encodeAcknowledge, encodeStreamMessage } from './frames';
import type { SessionCipher } from './kms-crypto';
import { OutgoingBuffer, type OutgoingEntry, type RetransmitTuning } from './outgoing-buffer';
import { SendQueue } from './send-queue';
import { corkSocket } from './socket-cork';

/** What the sending half needs from its DataChannelClient. */
export interface ChannelSenderHost {
  readonly clock: Clock;
  readonly retransmit: Partial<RetransmitTuning>;
  /** Most sequenced messages in flight before input waits. */
  readonly maxInFlight: number;
  /** The open socket, or null while (re)connecting. */
  socket(): WebSocket | null;
  /** False while publication is paused or the session is closed. */
  mayPublish(): boolean;
  /** True once HandshakeComplete or the first Output arrived (§6.2). */
  isReady(): boolean;
  cipher(): SessionCipher | null;
  /** Runs work from a timer or immediate; a throw closes the session instead of escaping. */
  guard(work: () => unknown): void;
  onGiveUp(entry: OutgoingEntry): void;
}

/**
 * The client's sending half (session-protocol.md §4, §5.2): input sequence numbers, the send
 * window, the retransmission buffer, acks batched per socket read and written in one corked write
 * (§16), and the queue of input and sizes waiting for the session to become ready.
 */
export class ChannelSender {
  readonly outgoing: OutgoingBuffer;
  readonly acks: AckBatcher;
  readonly queue = new SendQueue();
  private readonly host: ChannelSenderHost;
  private next = 0;

  constructor(host: ChannelSenderHost) {
    this.host = host;
    this.outgoing = new OutgoingBuffer({
      clock: host.clock,
      tuning: host.retransmit,
      resend: (frame) => this.write(frame),
      onGiveUp: (entry) => host.onGiveUp(entry),
    });
    this.acks = new AckBatcher((frames) => host.guard(() => this.writeBatch(frames)));
  }

  /** The next input sequence number. */
  get nextSequence(): number {
    return this.next;
  }

  /** Sends what the queue allows now; nothing but handshake replies before the session is ready (§6.2). */
  flush(): void {
    while (this.host.socket() !== null && this.host.mayPublish() && this.outgoing.size < this.host.maxInFlight) {
      const item = this.queue.take(this.host.isReady());
      if (!item) return;
      this.sendSequenced(item);
    }
  }

  /** Queues the ack of one output message; it leaves with the rest of the socket read's acks. */
  queueAck(message: ClientMessage): void {
    this.acks.queue(encodeAcknowledge(message, this.host.clock.now()));
  }

  /** Writes one frame now; a dead socket loses it (the outgoing buffer keeps sequenced ones). */
  write(frame: Buffer): void {
    const socket = this.host.socket();
    if (!socket) return;
    try {
      socket.send(frame);
    } catch {
      // The socket is going away; 'close' follows and the outgoing buffer keeps the frame.
    }
  }

  private sendSequenced(item: { readonly payloadType: number; readonly payload: Uint8Array }): void {
    const sequenceNumber = this.next++;
    // Only keystrokes are encrypted; Size, Flag and handshake payloads stay plaintext (§8 step 8).
    const cipher = this.host.cipher();
    const payload = cipher && item.payloadType === PayloadType.Output ? cipher.encrypt(item.payload) : item.payload;
    const frame = encodeStreamMessage({
      messageType: MessageType.InputStreamData,
      sequenceNumber,
      payloadType: item.payloadType,
      payload,
      createdDate: this.host.clock.now(),
    });
    // Buffer before writing, so an ack racing the write finds its entry (§5.2).
    this.outgoing.add(sequenceNumber, frame);
    this.acks.flush();
    this.write(frame);
  }

  private writeBatch(frames: Buffer[]): void {
    const socket = this.host.socket();
    if (!socket) return;
    corkSocket(socket, () => {
      for (const frame of frames) this.write(frame);
    });
  }
}
