import { describe, expect, it } from 'vitest';
import { OutgoingBuffer, type OutgoingEntry } from '../../../../../main/sessions/protocol/outgoing-buffer';
import { FakeClock } from './fake-clock';

function setup(tuning = {}) {
  const clock = new FakeClock();
  const resent: Array<{ seq: number; at: number }> = [];
  const gaveUp: OutgoingEntry[] = [];
  const buffer = new OutgoingBuffer({
    clock,
    tuning,
    resend: (_frame, seq) => resent.push({ seq, at: clock.now() }),
    onGiveUp: (entry) => gaveUp.push(entry),
  });
  const start = clock.now();
  return { clock, buffer, resent, gaveUp, start };
}

const frame = (n: number): Buffer => Buffer.from([n]);

describe('OutgoingBuffer', () => {
  it('first resend comes after the initial 200 ms RTO, not after 100 ms, then backs off ×2', () => {
    const { clock, buffer, resent, start } = setup();
    buffer.add(0, frame(0));
    clock.advance(150);
    expect(resent).toEqual([]);
    clock.advance(50);
    expect(resent).toEqual([{ seq: 0, at: start + 200 }]);
    clock.advance(1000);
    // 200 → 400 → 800: resends at 200, 600, 1400 (the last not yet reached at 1200).
    expect(resent.map((r) => r.at - start)).toEqual([200, 600]);
    clock.advance(200);
    expect(resent.map((r) => r.at - start)).toEqual([200, 600, 1400]);
  });

  it('caps the backed-off timeout', () => {
    const { clock, buffer, resent, start } = setup({ maxBackoffMs: 1000 });
    buffer.add(0, frame(0));
    clock.advance(5000);
    expect(resent.map((r) => r.at - start)).toEqual([200, 600, 1400, 2400, 3400, 4400]);
  });

  it('an ack removes the entry, stops resends and updates the smoothed RTT (Jacobson/Karels)', () => {
    const { clock, buffer, resent } = setup();
    buffer.add(0, frame(0));
    clock.advance(20);
    expect(buffer.acknowledge(0)).toBe(true);
    // RTTVAR = 0.25·|100−20| = 20; SRTT = 0.875·100 + 0.125·20 = 90; RTO = 90 + 4·20 = 170.
    expect(buffer.smoothedRtt).toBeCloseTo(90);
    expect(buffer.rto).toBeCloseTo(170);
    expect(buffer.size).toBe(0);
    clock.advance(5000);
    expect(resent).toEqual([]);
    expect(buffer.acknowledge(0)).toBe(false);
  });

  it('a fast link brings the RTO down towards SRTT + 10 ms, so loss is repaired quickly', () => {
    const { clock, buffer, resent } = setup();
    for (let seq = 0; seq < 60; seq++) {
      buffer.add(seq, frame(seq));
      clock.advance(1);
      buffer.acknowledge(seq);
    }
    expect(buffer.rto).toBeLessThan(20);
    buffer.add(60, frame(60));
    clock.advance(25);
    expect(resent.map((r) => r.seq)).toEqual([60]);
  });

  it('does not take RTT samples from resent messages (Karn)', () => {
    const { clock, buffer } = setup();
    buffer.add(0, frame(0));
    clock.advance(900);
    buffer.acknowledge(0);
    expect(buffer.rto).toBe(200);
  });

  it('resends only the oldest on timeout; the next follows once the oldest is acked', () => {
    const { clock, buffer, resent } = setup();
    buffer.add(0, frame(0));
    buffer.add(1, frame(1));
    buffer.add(2, frame(2));
    clock.advance(200);
    expect(resent.map((r) => r.seq)).toEqual([0]);
    buffer.acknowledge(0);
    clock.advance(0);
    expect(resent.map((r) => r.seq)).toEqual([0, 1]);
  });

  it('pause stops resends; resume restarts them and paused time does not count toward give-up', () => {
    const { clock, buffer, resent, gaveUp } = setup({ giveUpAfterMs: 10_000 });
    buffer.add(0, frame(0));
    buffer.pause();
    clock.advance(60_000);
    expect(resent).toEqual([]);
    buffer.resume();
    clock.advance(0);
    expect(resent.length).toBe(1);
    clock.advance(5_000);
    expect(gaveUp).toEqual([]);
  });

  it('gives up once the oldest message has gone unacked for giveUpAfterMs, and then stays quiet', () => {
    const { clock, buffer, resent, gaveUp, start } = setup({ giveUpAfterMs: 10_000 });
    buffer.add(4, frame(4));
    clock.advance(20_000);
    expect(gaveUp.map((e) => e.sequenceNumber)).toEqual([4]);
    const count = resent.length;
    clock.advance(20_000);
    expect(resent.length).toBe(count);
    expect(resent.every((r) => r.at - start < 10_000 + 8_000)).toBe(true);
  });

  it('retransmitAll resends every unacked frame in order', () => {
    const { buffer, resent } = setup();
    buffer.add(0, frame(0));
    buffer.add(1, frame(1));
    buffer.retransmitAll();
    expect(resent.map((r) => r.seq)).toEqual([0, 1]);
    expect(buffer.retransmitCount).toBe(2);
  });
});

describe('OutgoingBuffer timer on the hot path (§16)', () => {
  /** A FakeClock that counts setTimeout calls. */
  function counting() {
    const s = setup();
    let armed = 0;
    const original = s.clock.setTimeout.bind(s.clock);
    s.clock.setTimeout = (fn: () => void, ms: number) => {
      armed++;
      return original(fn, ms);
    };
    return { ...s, armed: () => armed };
  }

  it('arms one timer for a window of messages and does not re-arm on each ack', () => {
    const { buffer, clock, armed } = counting();
    for (let seq = 0; seq < 1000; seq++) buffer.add(seq, frame(seq));
    for (let seq = 0; seq < 999; seq++) buffer.acknowledge(seq);
    expect(armed()).toBe(1);
    expect(clock.pending).toBe(1);
    buffer.acknowledge(999);
    // Nothing left to time: the timer goes.
    expect(clock.pending).toBe(0);
  });

  it('still resends a message one RTO after it was sent when older ones were acked meanwhile', () => {
    const { buffer, clock, resent, start } = setup();
    buffer.add(0, frame(0));
    clock.advance(100);
    buffer.add(1, frame(1));
    buffer.acknowledge(0);
    // Sample 100 ms: SRTT 100, RTTVAR 0, so RTO = 100 + G (10) and seq 1 is due at 100 + 110.
    expect(buffer.rto).toBe(110);
    // The timer armed for seq 0 (due at 200) fires early for seq 1 and re-arms to seq 1's own deadline.
    clock.advance(109);
    expect(resent).toEqual([]);
    clock.advance(1);
    expect(resent).toEqual([{ seq: 1, at: start + 210 }]);
  });

  it('a fresh ack after backoff brings the next resend forward again', () => {
    const { buffer, clock, resent, start } = setup();
    buffer.add(0, frame(0));
    buffer.add(1, frame(1));
    clock.advance(1400); // seq 0 resent at 200, 600, 1400: the timeout is now backed off to 1600
    expect(resent.map((r) => r.seq)).toEqual([0, 0, 0]);
    buffer.acknowledge(0); // Karn: no sample, but the backoff resets
    // seq 1 was sent at 0; with the plain 200 ms RTO it is long overdue, so it goes at once.
    clock.advance(0);
    expect(resent.at(-1)).toEqual({ seq: 1, at: start + 1400 });
  });
});
