import type { WebSocket } from 'ws';
import { MessageType, PayloadType, encodeClientMessage } from '../../sessions/protocol/codec';
import type { Clock } from '../../sessions/protocol/clock';
import type { SessionCipher } from '../../sessions/protocol/kms-crypto';
import { OutgoingBuffer } from '../../sessions/protocol/outgoing-buffer';
import { corkSocket } from '../../sessions/protocol/socket-cork';
import type { SessionFaultState } from './session-controls';

/**
 * The agent's sending half of one session: sequence numbers (surviving reconnects, §5.1), the
 * retransmission buffer (the agent never gives up, §5.4), frames held while publication is paused
 * or the agent is stalled, SessionControls' output faults, and batched socket writes: every frame
 * of one flush leaves in one corked write rather than one syscall each (§16).
 */

/** What the output stream needs from its agent. */
export interface AgentOutputDeps {
  readonly sessionId: string;
  readonly faults: SessionFaultState;
  readonly clock: Clock;
  /** Schedules `fn` on the agent's own timers (cleared when the session ends). */
  readonly later: (ms: number, fn: () => void) => void;
}

const ENCRYPTED_OUT: ReadonlySet<number> = new Set([PayloadType.Output, PayloadType.StdErr, PayloadType.ExitCode]);

/** Sequenced output of one agent, plus its unsequenced frames (acks, publication, channel_closed). */
export class AgentOutput {
  readonly #deps: AgentOutputDeps;
  readonly #outgoing: OutgoingBuffer;
  readonly #unsent: Array<{ seq: number; frame: Buffer }> = [];
  readonly #reorderHold: Buffer[] = [];
  #reorderGroup = 0;
  #socket: WebSocket | undefined;
  #held = false;
  #nextOut = 0;
  /** Output and ExitCode are sealed with this once the KMS challenge succeeded (§8). */
  cipher: SessionCipher | undefined;

  constructor(deps: AgentOutputDeps) {
    this.#deps = deps;
    this.#outgoing = new OutgoingBuffer({
      clock: deps.clock,
      resend: (frame, seq) => {
        this.#deps.faults.record({ sessionId: deps.sessionId, kind: 'output-retransmitted', sequenceNumber: seq });
        this.#wire(frame, seq);
      },
      onGiveUp: () => undefined,
      // The agent never gives up retransmitting (§5.4).
      tuning: { giveUpAfterMs: Number.POSITIVE_INFINITY },
    });
  }

  /** Sequenced messages not yet acknowledged, sent or not. */
  get backlog(): number {
    return this.#outgoing.size + this.#unsent.length;
  }

  /** The socket frames go to (undefined while disconnected: frames wait). */
  setSocket(socket: WebSocket | undefined): void {
    this.#socket = socket;
    if (!socket) this.#outgoing.pause();
  }

  /** Holds (paused publication, stalled agent) or releases sending and retransmission. */
  setHeld(held: boolean): void {
    this.#held = held;
    if (held) this.#outgoing.pause();
    else if (this.#socket) {
      this.#outgoing.resume();
      this.flush();
    }
  }

  /** After a reconnect: resumes retransmission, resends everything unacked, then what waited. */
  resendAll(): void {
    if (this.#held || !this.#socket) return;
    this.#outgoing.resume();
    corkSocket(this.#socket, () => {
      this.#outgoing.retransmitAll();
      this.flush();
    });
  }

  /** Assigns the next sequence number; the frame leaves on the next flush(). SYN on seq 0 only (§3.3). */
  queue(payloadType: number, payload: Uint8Array, encrypt = true): void {
    const seq = this.#nextOut++;
    const body = encrypt && this.cipher && ENCRYPTED_OUT.has(payloadType) ? this.cipher.encrypt(payload) : payload;
    this.#unsent.push({ seq, frame: this.frame(MessageType.OutputStreamData, seq, seq === 0 ? 1 : 0, payloadType, body) });
  }

  /** queue() then flush(). */
  send(payloadType: number, payload: Uint8Array, encrypt = true): void {
    this.queue(payloadType, payload, encrypt);
    this.flush();
  }

  /** Puts every waiting frame on the wire in one corked write, unless held or disconnected. */
  flush(): void {
    const socket = this.#socket;
    if (!socket || this.#held || this.#unsent.length === 0) return;
    const items = this.#unsent.splice(0);
    corkSocket(socket, () => {
      for (const item of items) {
        // Buffer before writing, so a fast ack always finds its entry (§5.2).
        this.#outgoing.add(item.seq, item.frame);
        this.#deps.faults.record({ sessionId: this.#deps.sessionId, kind: 'output-sent', sequenceNumber: item.seq });
        this.#wire(item.frame, item.seq);
      }
    });
  }

  /** Removes an acknowledged message; false when it was not awaiting an ack. */
  acknowledge(seq: number): boolean {
    return this.#outgoing.acknowledge(seq);
  }

  /** Writes an unsequenced frame now (acks, publication messages, channel_closed); false when not connected. */
  writeNow(frame: Buffer): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== socket.OPEN) return false;
    socket.send(frame);
    return true;
  }

  /** Builds one frame with a fresh random message id. */
  frame(messageType: string, seq: number, flags: number, payloadType: number, payload: Uint8Array): Buffer {
    return encodeClientMessage({
      messageType,
      schemaVersion: 1,
      createdDate: this.#deps.clock.now(),
      sequenceNumber: seq,
      flags,
      payloadType,
      payload,
    });
  }

  /** Forgets everything unacked (the session is over). */
  clear(): void {
    this.#outgoing.clear();
    this.#unsent.length = 0;
  }

  #wire(frame: Buffer, seq: number): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    const fault = this.#deps.faults.takeOutputFault(this.#deps.sessionId);
    if (fault === undefined) {
      socket.send(frame);
      return;
    }
    if (fault.kind === 'drop') {
      this.#deps.faults.record({ sessionId: this.#deps.sessionId, kind: 'output-dropped', sequenceNumber: seq });
      return;
    }
    if (fault.kind === 'duplicate') {
      socket.send(frame);
      socket.send(frame);
      return;
    }
    this.#reorderGroup = fault.group;
    this.#reorderHold.push(frame);
    if (this.#reorderHold.length >= this.#reorderGroup) this.#releaseReordered();
    // A group that never fills (no more output) still goes out, reversed, shortly after.
    else if (this.#reorderHold.length === 1) this.#deps.later(50, () => this.#releaseReordered());
  }

  #releaseReordered(): void {
    const frames = this.#reorderHold.splice(0).reverse();
    for (const frame of frames) this.#socket?.send(frame);
  }
}
