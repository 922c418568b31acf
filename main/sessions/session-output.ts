import type { SessionOutput } from '../../preload/contract/sessions';

type Stream = SessionOutput['stream'];

/** Timers the pump uses; injectable so tests step time by hand. */
export interface OutputScheduler {
  now(): number;
  /** Runs `fn` after the current I/O phase (setImmediate). */
  soon(fn: () => void): unknown;
  later(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

/** Node's timers. */
export const systemOutputScheduler: OutputScheduler = {
  now: () => Date.now(),
  soon: (fn) => setImmediate(fn),
  later: (fn, ms) => setTimeout(fn, ms),
  cancel: (handle) => {
    clearImmediate(handle as NodeJS.Immediate);
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** How one session's output reaches the renderer. */
export interface OutputPumpOptions {
  emit(output: Omit<SessionOutput, 'sessionId'>): void;
  /** Above the high-water mark: stop reading the channel. */
  pause(): void;
  /** Back below the low-water mark. */
  resume(): void;
  /** Unacknowledged bytes (buffered + in the renderer) that pause the channel. Default 256 KiB. */
  highWaterMark?: number;
  /** Unacknowledged bytes below which a paused channel resumes. Default 64 KiB. */
  lowWaterMark?: number;
  /** Minimum gap between two flushes, so a flood stays at ~60 events/s. Default 16 ms. */
  minIntervalMs?: number;
  scheduler?: OutputScheduler;
}

interface Segment {
  stream: Stream;
  chunks: Uint8Array[];
  bytes: number;
}

/**
 * Turns a session's output chunks into `sessions:output` events: decodes UTF-8 per stream with a
 * streaming decoder (a character split across frames arrives whole), coalesces chunks that arrive
 * close together (a lone keystroke echo is flushed after the current I/O phase, a flood at most
 * once per interval), and applies back-pressure on unacknowledged bytes (the VS Code/Tabby model:
 * the renderer acks what xterm has written).
 */
export class OutputPump {
  private readonly high: number;
  private readonly low: number;
  private readonly interval: number;
  private readonly scheduler: OutputScheduler;
  private readonly decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  private segments: Segment[] = [];
  private timer: unknown = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private unackedBytes = 0;
  private paused = false;
  private ended = false;

  constructor(private readonly options: OutputPumpOptions) {
    this.high = options.highWaterMark ?? 256 * 1024;
    this.low = Math.min(options.lowWaterMark ?? 64 * 1024, this.high);
    this.interval = options.minIntervalMs ?? 16;
    this.scheduler = options.scheduler ?? systemOutputScheduler;
  }

  /** Bytes delivered by the channel and not yet acknowledged by the renderer. */
  get unacked(): number {
    return this.unackedBytes;
  }

  /** True while the pump holds the channel paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Takes one chunk of output, in channel order. */
  push(chunk: Uint8Array, stream: Stream): void {
    if (this.ended || chunk.length === 0) return;
    const last = this.segments.at(-1);
    // Copy: the client may reuse its receive buffer after the callback returns.
    const copy = Uint8Array.from(chunk);
    if (last && last.stream === stream) {
      last.chunks.push(copy);
      last.bytes += copy.length;
    } else {
      this.segments.push({ stream, chunks: [copy], bytes: copy.length });
    }
    this.unackedBytes += copy.length;
    if (!this.paused && this.unackedBytes > this.high) {
      this.paused = true;
      this.options.pause();
    }
    this.schedule();
  }

  /** The renderer wrote `bytes` more bytes; may resume the channel. */
  ack(bytes: number): void {
    // A renderer cannot ack more than it was sent; clamping keeps a confused one from disabling back-pressure for later output.
    this.unackedBytes = Math.max(0, this.unackedBytes - bytes);
    if (this.paused && !this.ended && this.unackedBytes <= this.low) {
      this.paused = false;
      this.options.resume();
    }
  }

  /** Emits everything buffered now (before a state change, so output precedes "closed"). */
  flush(): void {
    if (this.timer !== null) {
      this.scheduler.cancel(this.timer);
      this.timer = null;
    }
    const segments = this.segments;
    if (segments.length === 0) return;
    this.segments = [];
    this.lastFlushAt = this.scheduler.now();
    for (const segment of segments) {
      const data = this.decoders[segment.stream].decode(concat(segment.chunks, segment.bytes), { stream: true });
      this.options.emit({ data, bytes: segment.bytes, stream: segment.stream });
    }
  }

  /** Flushes what is left, including a dangling partial character (as U+FFFD), and stops. */
  end(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    for (const stream of ['stdout', 'stderr'] as const) {
      const tail = this.decoders[stream].decode();
      if (tail) this.options.emit({ data: tail, bytes: 0, stream });
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = this.lastFlushAt + this.interval - this.scheduler.now();
    const run = (): void => {
      this.timer = null;
      this.flush();
    };
    this.timer = wait > 0 ? this.scheduler.later(run, wait) : this.scheduler.soon(run);
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
