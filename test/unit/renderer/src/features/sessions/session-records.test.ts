import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../../../../preload/contract/sessions';
import { formatDuration, sessionDuration, shortOwner, sortRecords } from '../../../../../../renderer/src/features/sessions/session-records';

const record = (sessionId: string, startedAt: number, endedAt: number | null = null): SessionRecord => ({
  sessionId,
  workspaceId: 'training',
  instanceId: 'i-0123456789abcdef0',
  nodeName: 'web-01',
  owner: '',
  operator: 'alice',
  startedAt,
  endedAt,
  exitCode: null,
  closeReason: null,
  source: 'local',
});

describe('sessions view helpers', () => {
  it('formats durations compactly at every scale', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_400)).toBe('45s');
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12m 05s');
    expect(formatDuration(3 * 3_600_000 + 7 * 60_000)).toBe('3h 07m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
  });

  it('measures an open session to now and a closed one to its end', () => {
    expect(sessionDuration(record('a', 1_000, null), 61_000)).toBe(60_000);
    expect(sessionDuration(record('a', 1_000, 11_000), 61_000)).toBe(10_000);
    expect(sessionDuration(record('a', 5_000, null), 1_000)).toBe(0);
  });

  it('lists newest first with a stable tie-break', () => {
    const sorted = sortRecords([record('b', 100), record('c', 300), record('a', 100)]);
    expect(sorted.map((r) => r.sessionId)).toEqual(['c', 'a', 'b']);
  });

  it('shortens owner ARNs to the principal and leaves anything else alone', () => {
    expect(shortOwner('arn:aws:sts::123456789012:assumed-role/NocAdmin/alice')).toBe('assumed-role/NocAdmin/alice');
    expect(shortOwner('arn:aws:iam::123456789012:user/training-operator')).toBe('user/training-operator');
    expect(shortOwner('someone')).toBe('someone');
  });
});
