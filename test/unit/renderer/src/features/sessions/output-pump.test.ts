import { describe, expect, it } from 'vitest';
import { OutputPump } from '../../../../../../renderer/src/features/sessions/output-pump';
import type { OutputSink } from '../../../../../../renderer/src/features/sessions/output-pump';

/** A terminal whose write callbacks fire only when the test says xterm has finished. */
function slowTerminal(): OutputSink & { text: string; finish: (n?: number) => void; pending: number } {
  const callbacks: Array<() => void> = [];
  const sink = {
    text: '',
    write(data: string, done: () => void) {
      sink.text += data;
      callbacks.push(done);
    },
    finish(n = callbacks.length) {
      for (const done of callbacks.splice(0, n)) done();
    },
    get pending() {
      return callbacks.length;
    },
  };
  return sink;
}

describe('OutputPump (renderer back-pressure)', () => {
  it("acks a chunk only from xterm's write callback, with exactly its byte count", () => {
    const acks: number[] = [];
    const pump = new OutputPump((bytes) => acks.push(bytes));
    const term = slowTerminal();
    pump.attach(term);

    pump.push('héllo', 6);
    pump.push(' world', 6);
    expect(term.text).toBe('héllo world');
    expect(acks).toEqual([]);

    term.finish(1);
    expect(acks).toEqual([6]);
    term.finish();
    expect(acks).toEqual([6, 6]);
    expect(pump.counters).toEqual({ queued: 0, written: 12, acked: 12 });
  });

  it('keeps output that arrives before the terminal, unacked, and writes it in order on attach', () => {
    const acks: number[] = [];
    const pump = new OutputPump((bytes) => acks.push(bytes));
    pump.push('one ', 4);
    pump.push('two ', 4);
    expect(pump.counters.queued).toBe(8);
    expect(acks).toEqual([]);

    const term = slowTerminal();
    pump.attach(term);
    pump.push('three', 5);
    expect(term.text).toBe('one two three');
    term.finish();
    expect(acks).toEqual([4, 4, 5]);
  });

  it('queues again after detach, and a stale detach does not unhook a newer terminal', () => {
    const acks: number[] = [];
    const pump = new OutputPump((bytes) => acks.push(bytes));
    const first = slowTerminal();
    const detachFirst = pump.attach(first);
    detachFirst();
    pump.push('kept', 4);
    expect(first.text).toBe('');
    expect(pump.counters.queued).toBe(4);

    const second = slowTerminal();
    pump.attach(second);
    detachFirst();
    pump.push('!', 1);
    expect(second.text).toBe('kept!');
  });

  it('does not send an ack for an empty chunk', () => {
    const acks: number[] = [];
    const pump = new OutputPump((bytes) => acks.push(bytes));
    const term = slowTerminal();
    pump.attach(term);
    pump.push('', 0);
    term.finish();
    expect(acks).toEqual([]);
  });
});
