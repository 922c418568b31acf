import { describe, expect, it } from 'vitest';
import { HISTORY_RETENTION_MS, SessionRegistry } from '../../../../../main/simulator/sessions/session-registry';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

function registry(clock: { t: number }): SessionRegistry {
  return new SessionRegistry({ ownerArn: 'arn:aws:iam::111122223333:user/jane', ownerName: 'jane', now: () => clock.t });
}

describe('SessionRegistry', () => {
  it('names sessions like AWS and lets each token open exactly one connection', () => {
    const r = registry({ t: 1_000 });
    const s = r.create({ target: 'i-0123456789abcdef0', documentName: 'SSM-SessionManagerRunShell' });
    expect(s.sessionId).toMatch(/^jane-[0-9a-f]{17}$/);
    const token = s.token ?? '';
    expect(r.useToken(s.sessionId, 'forged')).toBe('wrong');
    expect(r.useToken(s.sessionId, token)).toBe('accepted');
    expect(r.useToken(s.sessionId, token)).toBe('stale');
    const fresh = r.resume(s.sessionId).token ?? '';
    expect(fresh).not.toBe(token);
    expect(r.useToken(s.sessionId, token)).toBe('stale');
    expect(r.useToken(s.sessionId, fresh)).toBe('accepted');
    expect(r.useToken('jane-00000000000000000', fresh)).toBe('no-session');
  });

  it('rotation invalidates an unused token too', () => {
    const r = registry({ t: 0 });
    const s = r.create({ target: 'i-1', documentName: 'SSM-SessionManagerRunShell' });
    const first = s.token ?? '';
    r.resume(s.sessionId);
    expect(r.useToken(s.sessionId, first)).toBe('stale');
  });

  it('moves ended sessions to History with an EndDate, refuses to resume them, and forgets them after 30 days', () => {
    const clock = { t: 5_000 };
    const r = registry(clock);
    const s = r.create({ target: 'i-1', documentName: 'SSM-SessionManagerRunShell' });
    clock.t = 9_000;
    expect(r.end(s.sessionId)).toBe(true);
    expect(r.end(s.sessionId)).toBe(false);
    expect(r.list('Active')).toEqual([]);
    expect(r.list('History')[0]).toMatchObject({ status: 'Terminated', startDate: 5_000, endDate: 9_000 });
    expect(() => r.resume(s.sessionId)).toThrow(SimulatedAwsError);
    expect(r.useToken(s.sessionId, 'x')).toBe('terminated');
    clock.t = 9_000 + HISTORY_RETENTION_MS + 1;
    expect(r.list('History')).toEqual([]);
    expect(r.get(s.sessionId)).toBeUndefined();
  });

  it('lists newest first and reports status changes of active sessions only', () => {
    const r = registry({ t: 0 });
    const a = r.create({ target: 'i-1', documentName: 'd' });
    const b = r.create({ target: 'i-2', documentName: 'd' });
    r.setStatus(a.sessionId, 'Connected');
    expect(r.list('Active').map((s) => [s.sessionId, s.status])).toEqual([
      [b.sessionId, 'Connecting'],
      [a.sessionId, 'Connected'],
    ]);
    r.end(a.sessionId, 'Failed');
    r.setStatus(a.sessionId, 'Connected');
    expect(r.get(a.sessionId)?.status).toBe('Failed');
  });
});
