import { describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../../preload/contract/sessions';
import { OutputPump, type OutputScheduler } from '../../../../main/sessions/session-output';

/** A hand-driven scheduler: `soon` work runs on runSoon(), `later` work when time passes it. */
class ManualScheduler implements OutputScheduler {
  time = 0;
  private soonQueue: Array<{ fn: () => void; cancelled: boolean }> = [];
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  now(): number {
    return this.time;
  }
  soon(fn: () => void): unknown {
    const entry = { fn, cancelled: false };
    this.soonQueue.push(entry);
    return entry;
  }
  later(fn: () => void, ms: number): unknown {
    const entry = { at: this.time + ms, fn, cancelled: false };
    this.timers.push(entry);
    return entry;
  }
  cancel(handle: unknown): void {
    (handle as { cancelled: boolean }).cancelled = true;
  }
  runSoon(): void {
    const queue = this.soonQueue;
    this.soonQueue = [];
    for (const e of queue) if (!e.cancelled) e.fn();
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.runSoon();
      const next = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = next.at;
      next.cancelled = true;
      next.fn();
    }
    this.time = end;
    this.runSoon();
  }
  get pending(): number {
    return this.soonQueue.filter((e) => !e.cancelled).length + this.timers.filter((t) => !t.cancelled).length;
  }
}

function setup(options: { high?: number; low?: number } = {}) {
  const scheduler = new ManualScheduler();
  const events: Array<Omit<SessionOutput, 'sessionId'>> = [];
  const flow: string[] = [];
  const pump = new OutputPump({
    emit: (e) => events.push(e),
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
    scheduler,
    ...(options.high !== undefined ? { highWaterMark: options.high } : {}),
    ...(options.low !== undefined ? { lowWaterMark: options.low } : {}),
  });
  return { scheduler, events, flow, pump };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('OutputPump', () => {
  it('delivers a character split across frames whole, and counts every raw byte', () => {
    const { scheduler, events, pump } = setup();
    const euro = bytes('€'); // three bytes
    pump.push(bytes('price: ').slice(), 'stdout');
    pump.push(euro.subarray(0, 2), 'stdout');
    scheduler.runSoon();
    pump.push(euro.subarray(2), 'stdout');
    scheduler.advance(16);
    expect(events.map((e) => e.data).join('')).toBe('price: €');
    expect(events.map((e) => e.data)).not.toContain('\uFFFD');
    expect(events.reduce((n, e) => n + e.bytes, 0)).toBe(7 + 3);
  });

  it('flushes a lone keystroke echo after the current I/O phase, with no interval wait', () => {
    const { scheduler, events, pump } = setup();
    pump.push(bytes('l'), 'stdout');
    expect(events).toHaveLength(0);
    scheduler.runSoon();
    expect(events).toEqual([{ data: 'l', bytes: 1, stream: 'stdout' }]);
    scheduler.advance(1000); // idle
    pump.push(bytes('s'), 'stdout');
    scheduler.runSoon();
    expect(events.at(-1)).toEqual({ data: 's', bytes: 1, stream: 'stdout' });
  });

  it('coalesces a flood (`yes`) to at most ~60 events a second without losing a byte', () => {
    const { scheduler, events, pump } = setup({ high: Number.MAX_SAFE_INTEGER });
    const line = bytes('y\n');
    // One 2-byte chunk every 0.1 ms for one second: 10,000 chunks.
    for (let i = 0; i < 10_000; i += 1) {
      pump.push(line, 'stdout');
      scheduler.advance(0.1);
    }
    // 1000 ms / 16 ms = 62.5 flushes at most in that second.
    expect(events.length).toBeLessThanOrEqual(63);
    expect(events.length).toBeGreaterThan(30);
    scheduler.advance(50);
    expect(events.map((e) => e.data).join('')).toBe('y\n'.repeat(10_000));
  });

  it('pauses the channel above the high-water mark and resumes only below the low-water mark', () => {
    const { scheduler, flow, pump } = setup({ high: 1000, low: 200 });
    pump.push(new Uint8Array(600), 'stdout');
    scheduler.runSoon();
    expect(flow).toEqual([]);
    pump.push(new Uint8Array(600), 'stdout');
    expect(flow).toEqual(['pause']);
    expect(pump.unacked).toBe(1200);
    pump.ack(900); // 300 left: between the marks
    expect(flow).toEqual(['pause']);
    pump.ack(100);
    expect(flow).toEqual(['pause', 'resume']);
    expect(pump.isPaused).toBe(false);
  });

  it('does not let over-acknowledgement disable back-pressure for later output', () => {
    const { flow, pump } = setup({ high: 100, low: 10 });
    pump.ack(1_000_000);
    pump.push(new Uint8Array(101), 'stdout');
    expect(flow).toEqual(['pause']);
  });

  it('keeps stdout and stderr in channel order, each decoded on its own', () => {
    const { scheduler, events, pump } = setup();
    pump.push(bytes('out1 '), 'stdout');
    pump.push(bytes('err '), 'stderr');
    pump.push(bytes('out2'), 'stdout');
    scheduler.runSoon();
    expect(events.map((e) => [e.stream, e.data])).toEqual([
      ['stdout', 'out1 '],
      ['stderr', 'err '],
      ['stdout', 'out2'],
    ]);
  });

  it('flushes at end, turning a dangling partial character into U+FFFD, and accepts nothing after', () => {
    const { scheduler, events, pump } = setup();
    pump.push(bytes('bye '), 'stdout');
    pump.push(bytes('€').subarray(0, 1), 'stdout');
    pump.end();
    expect(events.map((e) => e.data).join('')).toBe('bye \uFFFD');
    pump.push(bytes('late'), 'stdout');
    expect(scheduler.pending).toBe(0);
    expect(events.map((e) => e.data).join('')).toBe('bye \uFFFD');
  });
});
