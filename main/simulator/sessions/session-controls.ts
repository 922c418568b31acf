/**
 * Per-test switches and records of the simulator's data channel (RunningSimulator.sessions).
 * Output faults act on the next N `output_stream_data` frames the agent puts on the wire
 * (first sends and retransmissions alike); a fault armed with a sessionId touches only that
 * session. The channel log records what the agent received and sent, so tests can check the
 * client's protocol behaviour (acks, duplicates, bad digests, UUID encoding) from the far end.
 */

/** Something the agent side saw or did on one session's data channel. */
export interface ChannelEvent {
  readonly sessionId: string;
  readonly kind: ChannelEventKind;
  /** Sequence number of the message concerned, when it has one. */
  readonly sequenceNumber?: number;
  /** PayloadType of the message concerned, when it has one. */
  readonly payloadType?: number;
  /** Why a frame or token was refused, a close reason, or a short description. */
  readonly detail?: string;
  /** Server time, epoch milliseconds. */
  readonly at: number;
}

/** Kinds of ChannelEvent. */
export type ChannelEventKind =
  /** A socket presented the session's current token and was attached. */
  | 'token-accepted'
  /** A socket presented a missing, wrong or used token; detail says which; the socket was closed. */
  | 'token-refused'
  /** An in-order or early input_stream_data arrived (first time). */
  | 'input-received'
  /** An input_stream_data with an already delivered sequence number arrived (it is re-acked). */
  | 'input-duplicate'
  /** Input that arrived before the shell could take it: acked and discarded (§6.4) or refused. */
  | 'input-discarded'
  /** The agent acknowledged an input message. */
  | 'ack-sent'
  /** The client acknowledged an output message. */
  | 'ack-received'
  /** The client acknowledged a message twice, or one never sent. */
  | 'ack-unmatched'
  /** An output frame went on the wire for the first time. */
  | 'output-sent'
  /** An output frame was sent again after its RTO. */
  | 'output-retransmitted'
  /** An injected fault dropped an output frame. */
  | 'output-dropped'
  /** A frame broke a rule (digest, UUID encoding, framing, message type); it was dropped. */
  | 'frame-rejected'
  /** A Size message resized the PTY (detail `colsxrows`). */
  | 'resized'
  /** The client's HandshakeResponse arrived (detail: action statuses). */
  | 'handshake-response'
  /** The KMS challenge round trip succeeded. */
  | 'encryption-enabled'
  /** MGS messages sent to the client. */
  | 'pause-publication-sent'
  | 'start-publication-sent'
  | 'channel-closed-sent'
  /** The socket closed (detail: code and reason). */
  | 'socket-closed';

/** Switches a test can flip on a running simulator's data channel. */
export interface SessionControls {
  /** The next `count` output frames are lost on the way (the agent retransmits them after its RTO). */
  dropOutput(count: number, sessionId?: string): void;
  /** The next `count` output frames are sent twice. */
  duplicateOutput(count: number, sessionId?: string): void;
  /** The next `count` output frames (count ≥ 2) are held back and then sent in reverse order. */
  reorderOutput(count: number, sessionId?: string): void;
  /** The next `count` acks the agent would send are lost (the client must retransmit). */
  dropAcks(count: number, sessionId?: string): void;
  /** MGS tells the client the agent is away: `pause_publication`; the agent holds its output. */
  pausePublication(sessionId?: string): void;
  /** MGS tells the client the agent is back: `start_publication`; held output flows again. */
  startPublication(sessionId?: string): void;
  /**
   * Closes the session's socket as MGS does hourly: close code 1000 "Bye" unless told otherwise.
   * The token it used is spent, so the client must call ResumeSession before reconnecting.
   */
  closeSocket(sessionId?: string, code?: number, reason?: string): void;
  /** The agent goes silent: no output, no acks, no retransmission, until `resumeAgent`. */
  stallAgent(sessionId?: string): void;
  /** Ends a stall; the agent acks what arrived meanwhile and retransmits its output. */
  resumeAgent(sessionId?: string): void;
  /** Sessions started on `instanceId` from now on demand KMS encryption with `keyId` (default: the training session key). */
  requireKms(instanceId: string, keyId?: string): void;
  /** Sessions on `instanceId` no longer demand KMS encryption. */
  clearKms(instanceId: string): void;
  /** Idle timeout of sessions started from now on (default 20 min, as AWS). */
  setIdleTimeout(ms: number): void;
  /**
   * Bench and test only (no IPC channel or UI reaches RunningSimulator.sessions): the agent of
   * `sessionId` sends `bytes` of generated printable output (generated-output.ts) as Output
   * messages of 1024 bytes, as fast as the protocol's acks allow, behind anything the shell has
   * printed. Resolves once every generated message is acknowledged; rejects if the session ends.
   */
  streamOutput(sessionId: string, bytes: number): Promise<void>;
  /** What was recorded on the data channel, oldest first, for one session or all (the latest LOG_LIMIT events at least). */
  log(sessionId?: string): ReadonlyArray<ChannelEvent>;
  /** How many events of `kind` were recorded (for one session or all). */
  count(kind: ChannelEventKind, sessionId?: string): number;
  /** Resolves with the first event (already recorded or future) matching `predicate`; rejects after `timeoutMs` (default 10 s). */
  waitFor(predicate: (event: ChannelEvent) => boolean, timeoutMs?: number): Promise<ChannelEvent>;
  /** Sessions whose agent side is still alive (shell running). */
  liveAgents(): ReadonlyArray<string>;
  /** Disarms every fault, forgets KMS demands and clears the log (the idle timeout stays). */
  reset(): void;
}

/** The channel log keeps at least this many of the latest events (at most twice as many). */
export const LOG_LIMIT = 50_000;

/** Output fault kinds. */
export type OutputFault = 'drop' | 'duplicate' | 'reorder';

interface ArmedCount {
  readonly kind: OutputFault | 'drop-ack';
  readonly sessionId: string | undefined;
  remaining: number;
  /** For reorder: how many frames the group holds. */
  readonly group: number;
}

/** Fault state and log shared by every session of one simulator. */
export class SessionFaultState {
  readonly #armed: ArmedCount[] = [];
  readonly #kms = new Map<string, string | undefined>();
  readonly #events: ChannelEvent[] = [];
  readonly #waiters = new Set<{ predicate: (e: ChannelEvent) => boolean; resolve: (e: ChannelEvent) => void }>();
  readonly #now: () => number;
  idleTimeoutMs: number;

  constructor(now: () => number, idleTimeoutMs: number) {
    this.#now = now;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** Arms `count` faults of `kind`. */
  arm(kind: OutputFault | 'drop-ack', count: number, sessionId: string | undefined): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`Fault count must be a positive integer; got ${count}.`);
    if (kind === 'reorder' && count < 2) throw new RangeError('Reordering needs at least 2 frames.');
    this.#armed.push({ kind, sessionId, remaining: count, group: count });
  }

  /** Consumes one armed output fault for `sessionId`; reorder reports its group size. */
  takeOutputFault(sessionId: string): { kind: OutputFault; group: number } | undefined {
    const fault = this.#armed.find((f) => f.kind !== 'drop-ack' && (f.sessionId === undefined || f.sessionId === sessionId));
    if (!fault || fault.kind === 'drop-ack') return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#armed.splice(this.#armed.indexOf(fault), 1);
    return { kind: fault.kind, group: fault.group };
  }

  /** True when the next ack of `sessionId` must be lost. */
  takeAckDrop(sessionId: string): boolean {
    const fault = this.#armed.find((f) => f.kind === 'drop-ack' && (f.sessionId === undefined || f.sessionId === sessionId));
    if (!fault) return false;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#armed.splice(this.#armed.indexOf(fault), 1);
    return true;
  }

  /** Marks `instanceId` as demanding KMS (keyId undefined = training session key). */
  requireKms(instanceId: string, keyId: string | undefined): void {
    this.#kms.set(instanceId, keyId);
  }

  clearKms(instanceId: string): void {
    this.#kms.delete(instanceId);
  }

  /** Whether `instanceId` demands KMS, and with which key. */
  kmsDemand(instanceId: string): { keyId: string | undefined } | undefined {
    return this.#kms.has(instanceId) ? { keyId: this.#kms.get(instanceId) } : undefined;
  }

  /** Appends an event (forgetting the oldest beyond LOG_LIMIT) and wakes matching waiters. */
  record(event: Omit<ChannelEvent, 'at'>): void {
    const full: ChannelEvent = { ...event, at: this.#now() };
    this.#events.push(full);
    // Two events per output frame: a long training session must not grow the log without bound.
    if (this.#events.length >= 2 * LOG_LIMIT) this.#events.splice(0, this.#events.length - LOG_LIMIT);
    if (this.#waiters.size === 0) return;
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(full)) {
        this.#waiters.delete(waiter);
        waiter.resolve(full);
      }
    }
  }

  log(sessionId?: string): ReadonlyArray<ChannelEvent> {
    return sessionId === undefined ? [...this.#events] : this.#events.filter((e) => e.sessionId === sessionId);
  }

  count(kind: ChannelEventKind, sessionId?: string): number {
    return this.#events.filter((e) => e.kind === kind && (sessionId === undefined || e.sessionId === sessionId)).length;
  }

  waitFor(predicate: (event: ChannelEvent) => boolean, timeoutMs = 10_000): Promise<ChannelEvent> {
    const found = this.#events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (e: ChannelEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`No matching data-channel event within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  reset(): void {
    this.#armed.length = 0;
    this.#kms.clear();
    this.#events.length = 0;
  }
}
