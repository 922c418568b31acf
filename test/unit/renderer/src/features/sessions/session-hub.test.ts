import { describe, expect, it } from 'vitest';
import type { BridgeApi } from '../../../../../../preload/contract/bridge-api';
import type { Result } from '../../../../../../preload/contract/define';
import type { SessionOutput, SessionStateChanged } from '../../../../../../preload/contract/sessions';
import { SessionHub } from '../../../../../../renderer/src/features/sessions/session-hub';

type SessionsApi = BridgeApi['sessions'];

/** The sessions half of the bridge as events in and acks out, the way main would see them. */
function bridgeEnds() {
  const outputs = new Set<(o: SessionOutput) => void>();
  const states = new Set<(s: SessionStateChanged) => void>();
  const acks: Array<{ sessionId: string; bytes: number }> = [];
  const api = {
    onOutputReceived: (l: (o: SessionOutput) => void) => (outputs.add(l), () => outputs.delete(l)),
    onStateChanged: (l: (s: SessionStateChanged) => void) => (states.add(l), () => states.delete(l)),
    ackOutput: async (r: { sessionId: string; bytes: number }): Promise<Result<null>> => {
      acks.push(r);
      return { ok: true, value: null };
    },
  } as unknown as SessionsApi;
  return {
    api,
    acks,
    emitOutput: (o: SessionOutput) => outputs.forEach((l) => l(o)),
    emitState: (s: SessionStateChanged) => states.forEach((l) => l(s)),
    listeners: () => outputs.size + states.size,
  };
}

describe('SessionHub', () => {
  it("routes output to each session's terminal and acks per session after the write", async () => {
    const ends = bridgeEnds();
    const hub = new SessionHub(ends.api);
    const off = hub.connect();
    const written: Record<string, string> = { a: '', b: '' };
    const later: Array<() => void> = [];
    hub.pump('a').attach({ write: (d, done) => ((written.a += d), later.push(done)) });
    hub.pump('b').attach({ write: (d, done) => ((written.b += d), done()) });

    ends.emitOutput({ sessionId: 'a', data: 'from a', bytes: 6, stream: 'stdout' });
    ends.emitOutput({ sessionId: 'b', data: 'from b', bytes: 6, stream: 'stdout' });
    expect(written).toEqual({ a: 'from a', b: 'from b' });
    expect(ends.acks).toEqual([{ sessionId: 'b', bytes: 6 }]);

    later.forEach((done) => done());
    expect(ends.acks).toEqual([{ sessionId: 'b', bytes: 6 }, { sessionId: 'a', bytes: 6 }]);
    off();
    expect(ends.listeners()).toBe(0);
  });

  it('holds output that beats the tab, and drops output of a forgotten session', () => {
    const ends = bridgeEnds();
    const hub = new SessionHub(ends.api);
    hub.connect();
    ends.emitOutput({ sessionId: 's', data: 'early', bytes: 5, stream: 'stdout' });
    expect(ends.acks).toEqual([]);
    let text = '';
    hub.pump('s').attach({ write: (d, done) => ((text += d), done()) });
    expect(text).toBe('early');
    expect(ends.acks).toEqual([{ sessionId: 's', bytes: 5 }]);

    hub.forget('s');
    ends.emitOutput({ sessionId: 's', data: 'late', bytes: 4, stream: 'stdout' });
    expect(hub.pump('s').counters.queued).toBe(0);
  });

  it('passes state changes to every listener until it unsubscribes', () => {
    const ends = bridgeEnds();
    const hub = new SessionHub(ends.api);
    hub.connect();
    const seen: string[] = [];
    const off = hub.onStateChanged((id, state) => seen.push(`${id}:${state.kind}`));
    ends.emitState({ sessionId: 'x', state: { kind: 'reconnecting', attempt: 2, reason: 'socket closed' } });
    off();
    ends.emitState({ sessionId: 'x', state: { kind: 'connecting' } });
    expect(seen).toEqual(['x:reconnecting']);
  });
});
