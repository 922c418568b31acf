import { describe, expect, it } from 'vitest';
import { allowedHoursLabel, allowedHoursState } from '../../../../../../renderer/src/features/runbooks/allowed-hours';

// The card's "outside allowed hours" must agree with main's guardrail: both ends included to the
// minute, a window whose start is after its end wraps midnight, the zone's wall clock on DST days.

const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('allowedHoursState', () => {
  it.each([
    ['22:00', '06:00', 'UTC', '2026-11-27T23:30:00', 'open'],
    ['22:00', '06:00', 'UTC', '2026-11-27T05:59:00', 'open'],
    ['22:00', '06:00', 'UTC', '2026-11-27T06:00:00', 'open'],
    ['22:00', '06:00', 'UTC', '2026-11-27T06:01:00', 'closed'],
    ['22:00', '06:00', 'UTC', '2026-11-27T21:59:00', 'closed'],
    ['00:00', '23:59', 'UTC', '2026-11-27T23:59:30', 'open'],
    // 09:00–17:00 in Tokyo is 00:00–08:00 UTC.
    ['09:00', '17:00', 'Asia/Tokyo', '2026-11-27T00:30:00', 'open'],
    ['09:00', '17:00', 'Asia/Tokyo', '2026-11-27T12:00:00', 'closed'],
    // New York springs forward at 02:00 on 8 March 2026: 07:30 UTC is 03:30 EDT, 06:59 UTC is 01:59 EST.
    ['01:00', '03:30', 'America/New_York', '2026-03-08T07:30:00', 'open'],
    ['01:00', '03:30', 'America/New_York', '2026-03-08T06:59:00', 'open'],
    ['01:00', '03:30', 'America/New_York', '2026-03-08T08:00:00', 'closed'],
  ] as const)('%s–%s %s at %s UTC is %s', (from, to, timeZone, at, state) => {
    expect(allowedHoursState({ from, to, timeZone }, utc(at))).toBe(state);
  });

  it('has no window: always open', () => {
    expect(allowedHoursState(null, utc('2026-11-27T03:00:00'))).toBe('open');
  });

  it('cannot read the window or its zone: unknown, and main says why', () => {
    expect(allowedHoursState({ from: '25:00', to: '06:00', timeZone: 'UTC' }, utc('2026-11-27T03:00:00'))).toBe('unknown');
    expect(allowedHoursState({ from: '22:00', to: '06:00', timeZone: 'Mars/Olympus' }, utc('2026-11-27T03:00:00'))).toBe('unknown');
  });
});

describe('allowedHoursLabel', () => {
  it('names the zone only when it is not this computer’s', () => {
    expect(allowedHoursLabel({ from: '22:00', to: '06:00', timeZone: 'local' })).toBe('22:00–06:00');
    expect(allowedHoursLabel({ from: '22:00', to: '06:00', timeZone: 'Asia/Tokyo' })).toBe('22:00–06:00 Asia/Tokyo');
  });
});
