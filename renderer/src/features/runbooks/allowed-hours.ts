// Pure: whether a runbook's allowed-hours window is open now, so a card can say so before any
// call. Main's `runbooks:prepare` decides for real; this only keeps the card honest at a glance.

export interface AllowedHours {
  from: string;
  to: string;
  /** `local` (this computer's zone) or an IANA zone such as `Asia/Tokyo`. */
  timeZone: string;
}

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

function minutesOf(text: string): number | null {
  const match = HHMM.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

const clockCache = new Map<string, Intl.DateTimeFormat>();

/** Minutes since midnight of `nowMs` in the window's zone; null when the zone is not one Intl knows. */
export function minutesInZone(nowMs: number, timeZone: string): number | null {
  const zone = timeZone === 'local' || timeZone === '' ? undefined : timeZone;
  const key = zone ?? 'local';
  let clock = clockCache.get(key);
  if (!clock) {
    try {
      clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
    } catch {
      return null;
    }
    clockCache.set(key, clock);
  }
  const parts = clock.formatToParts(nowMs);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return Number.isFinite(hour) && Number.isFinite(minute) ? hour * 60 + minute : null;
}

/**
 * `open`: inside the window (both ends included, to the minute: "00:00–23:59" is the whole day);
 * `closed`: outside; `unknown`: the window or its zone cannot be read (main says why).
 * A window whose start is after its end wraps midnight ("22:00–06:00").
 */
export function allowedHoursState(hours: AllowedHours | null, nowMs: number): 'open' | 'closed' | 'unknown' {
  if (!hours) return 'open';
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  const now = minutesInZone(nowMs, hours.timeZone);
  if (from === null || to === null || now === null) return 'unknown';
  const inside = from <= to ? now >= from && now <= to : now >= from || now <= to;
  return inside ? 'open' : 'closed';
}

/** "22:00–06:00" plus the zone when it is not this computer's. */
export function allowedHoursLabel(hours: AllowedHours): string {
  const zone = hours.timeZone === 'local' || hours.timeZone === '' ? '' : ` ${hours.timeZone}`;
  return `${hours.from}–${hours.to}${zone}`;
}
