// Pure formatting helpers: no DOM, so unit tests run them in Node with any locale.

const relativeCache = new Map<string, Intl.RelativeTimeFormat>();

/** `short` reads "2 min. ago" (status bar); `narrow` reads "2m ago" (grid cells). */
export type RelativeStyle = 'short' | 'narrow';
const numberCache = new Map<string, Intl.NumberFormat>();
const exactCache = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string, style: RelativeStyle): Intl.RelativeTimeFormat {
  const key = `${locale}|${style}`;
  let f = relativeCache.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style });
    relativeCache.set(key, f);
  }
  return f;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2 min. ago" / "2 分前" for a past epoch-ms time; clock skew into the future reads as "now". */
export function formatRelativeTime(thenMs: number, nowMs: number, locale: string, style: RelativeStyle = 'short'): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  const f = relativeFormat(locale, style);
  // Under 45 s reads "now": a sync that just finished should not flicker through 1 s, 2 s, 3 s.
  if (seconds < 45) return f.format(0, 'second');
  if (seconds < HOUR) return f.format(-Math.max(1, Math.round(seconds / MINUTE)), 'minute');
  if (seconds < DAY) return f.format(-Math.round(seconds / HOUR), 'hour');
  if (seconds < 30 * DAY) return f.format(-Math.round(seconds / DAY), 'day');
  if (seconds < 365 * DAY) return f.format(-Math.round(seconds / (30 * DAY)), 'month');
  return f.format(-Math.round(seconds / (365 * DAY)), 'year');
}

/** Full local date and time with the zone, for titles next to a relative time. */
export function formatExactTime(ms: number, locale: string): string {
  let f = exactCache.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
    exactCache.set(locale, f);
  }
  return f.format(ms);
}

/** A count with the locale's grouping ("100,000"). */
export function formatCount(value: number, locale: string): string {
  let f = numberCache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberCache.set(locale, f);
  }
  return f.format(value);
}
