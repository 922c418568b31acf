import type { Clock } from './clock';

/** RTO constants; defaults are the plugin's and agent's (§5.2, §12) except the backoff and give-up. */
export interface RetransmitTuning {
  /** SRTT before the first sample (ms). */
  readonly initialSrttMs: number;
  /** RTO before the first sample (ms). */
  readonly initialRtoMs: number;
  /** Clock granularity G of RFC 6298: the least variance term (ms). */
  readonly granularityMs: number;
  /** Cap on the estimated RTO (ms). */
  readonly maxRtoMs: number;
  /** Cap on a backed-off retransmission timeout (ms). */
  readonly maxBackoffMs: number;
  /** Give up once the oldest unacked message has gone this long (ms of unpaused time) without an ack. */
  readonly giveUpAfterMs: number;
}

/** Defaults: initial RTO 200 ms, SRTT 100 ms, G 10 ms, RTO cap 1 s (§12); backoff ×2 up to 8 s; give up after 2 min. */
export const defaultRetransmitTuning: RetransmitTuning = {
  initialSrttMs: 100,
  initialRtoMs: 200,
  granularityMs: 10,
  maxRtoMs: 1000,
  maxBackoffMs: 8000,
  giveUpAfterMs: 120_000,
};

/** One sent, not yet acknowledged, sequenced message. */
export interface OutgoingEntry {
  readonly sequenceNumber: number;
  /** The serialized frame, resent byte for byte (same seq, id and CreatedDate). */
  readonly frame: Buffer;
  /** Unpaused-time origin for the give-up rule. */
  firstSentAt: number;
  lastSentAt: number;
  resendCount: number;
}

/** Construction options of OutgoingBuffer. */
export interface OutgoingBufferOptions {
  readonly clock: Clock;
  /** Writes a frame again. Must not throw; a dead socket simply loses it. */
  readonly resend: (frame: Buffer, sequenceNumber: number) => void;
  /** Called once when the oldest message has gone unacked for `giveUpAfterMs`; the buffer stops retransmitting. */
  readonly onGiveUp: (entry: OutgoingEntry) => void;
  readonly tuning?: Partial<RetransmitTuning>;
}

/**
 * Sequenced messages awaiting acknowledgement, with a TCP-like retransmission timer (§5.2, done right):
 * each entry keeps its own last-sent time; one timer follows the oldest entry; the RTO comes from a
 * smoothed RTT (Jacobson/Karels, Karn's rule for resent entries), doubles on each timeout up to a cap,
 * and resets on a fresh ack. Not the plugin's resend-every-100-ms storm.
 */
export class OutgoingBuffer {
  private readonly clock: Clock;
  private readonly resendFrame: OutgoingBufferOptions['resend'];
  private readonly onGiveUp: OutgoingBufferOptions['onGiveUp'];
  private readonly tuning: RetransmitTuning;
  // Map keeps insertion order, which is sequence order: entries are added with increasing seq.
  private readonly entries = new Map<number, OutgoingEntry>();
  private srtt: number;
  private rttvar = 0;
  private rtoMs: number;
  private backoff = 0;
  private timer: unknown = null;
  private timerDeadline = Infinity;
  private paused = false;
  private pausedAt = 0;
  private gaveUp = false;
  private retransmissions = 0;

  constructor(options: OutgoingBufferOptions) {
    this.clock = options.clock;
    this.resendFrame = options.resend;
    this.onGiveUp = options.onGiveUp;
    this.tuning = { ...defaultRetransmitTuning, ...options.tuning };
    this.srtt = this.tuning.initialSrttMs;
    this.rtoMs = this.tuning.initialRtoMs;
  }

  /** Unacked message count. */
  get size(): number {
    return this.entries.size;
  }

  /** Current RTO estimate before backoff (ms). */
  get rto(): number {
    return this.rtoMs;
  }

  /** Smoothed RTT (ms). */
  get smoothedRtt(): number {
    return this.srtt;
  }

  /** Timeout of the next retransmission, with backoff (ms). */
  get currentTimeout(): number {
    return Math.min(this.rtoMs * 2 ** this.backoff, Math.max(this.tuning.maxBackoffMs, this.rtoMs));
  }

  /** Frames resent so far. */
  get retransmitCount(): number {
    return this.retransmissions;
  }

  /** Whether retransmission is paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Records a frame; call it right BEFORE writing the frame, so a fast ack always finds the entry (§5.2 race). */
  add(sequenceNumber: number, frame: Buffer): void {
    const now = this.clock.now();
    this.entries.set(sequenceNumber, { sequenceNumber, frame, firstSentAt: now, lastSentAt: now, resendCount: 0 });
    // An armed timer already follows an older entry, whose deadline comes first.
    if (this.timer === null) this.arm();
  }

  /** Removes the entry for an acked sequence number and takes an RTT sample; false for unknown numbers. */
  acknowledge(sequenceNumber: number): boolean {
    const entry = this.entries.get(sequenceNumber);
    if (!entry) return false;
    this.entries.delete(sequenceNumber);
    // Karn's rule: an ack of a resent message cannot tell which copy it answers.
    if (entry.resendCount === 0) this.sample(this.clock.now() - entry.lastSentAt);
    const backedOff = this.backoff > 0;
    this.backoff = 0;
    // No timer churn per ack (§16): the armed timer may now fire early, and then re-arms itself in
    // onTimer. Only a backoff reset can move the deadline earlier, so only then is arm() needed.
    if (this.entries.size === 0) this.disarm();
    else if (backedOff || this.timer === null) this.arm();
    return true;
  }

  /** Stops retransmission (pause_publication, socket down); unpaused time alone counts toward the give-up. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.pausedAt = this.clock.now();
    this.disarm();
  }

  /** Restarts retransmission after pause(). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const pausedFor = this.clock.now() - this.pausedAt;
    for (const entry of this.entries.values()) {
      entry.firstSentAt += pausedFor;
      entry.lastSentAt = Math.max(entry.lastSentAt, this.clock.now() - this.currentTimeout);
    }
    this.arm();
  }

  /** Resends every unacked frame once, oldest first (after a reconnect the old socket may have lost them). */
  retransmitAll(): void {
    if (this.gaveUp) return;
    const now = this.clock.now();
    for (const entry of this.entries.values()) {
      entry.lastSentAt = now;
      entry.resendCount++;
      this.retransmissions++;
      this.resendFrame(entry.frame, entry.sequenceNumber);
    }
    this.rearm();
  }

  /** Drops every entry and the timer. */
  clear(): void {
    this.entries.clear();
    this.disarm();
  }

  private sample(rttMs: number): void {
    const r = Math.max(0, rttMs);
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
    this.srtt = 0.875 * this.srtt + 0.125 * r;
    this.rtoMs = Math.min(this.tuning.maxRtoMs, this.srtt + Math.max(this.tuning.granularityMs, 4 * this.rttvar));
  }

  private oldest(): OutgoingEntry | undefined {
    for (const entry of this.entries.values()) return entry;
    return undefined;
  }

  private arm(): void {
    if (this.paused || this.gaveUp) return;
    const oldest = this.oldest();
    if (!oldest) return;
    const deadline = oldest.lastSentAt + this.currentTimeout;
    if (this.timer !== null && this.timerDeadline <= deadline) return;
    this.disarm();
    this.timerDeadline = deadline;
    this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, deadline - this.clock.now()));
  }

  private rearm(): void {
    this.disarm();
    this.arm();
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerDeadline = Infinity;
  }

  private onTimer(): void {
    this.timer = null;
    this.timerDeadline = Infinity;
    if (this.paused || this.gaveUp) return;
    const oldest = this.oldest();
    if (!oldest) return;
    const now = this.clock.now();
    if (now < oldest.lastSentAt + this.currentTimeout) {
      this.arm();
      return;
    }
    if (now - oldest.firstSentAt >= this.tuning.giveUpAfterMs) {
      this.gaveUp = true;
      this.onGiveUp(oldest);
      return;
    }
    // Like TCP, a timeout resends only the oldest message and backs off; later ones follow as acks arrive.
    oldest.lastSentAt = now;
    oldest.resendCount++;
    this.retransmissions++;
    this.backoff = Math.min(this.backoff + 1, 16);
    this.resendFrame(oldest.frame, oldest.sequenceNumber);
    this.arm();
  }
}
