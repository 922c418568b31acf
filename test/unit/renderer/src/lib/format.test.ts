import { describe, expect, it } from 'vitest';
import { formatCount, formatExactTime, formatRelativeTime } from '../../../../../renderer/src/lib/format';

const now = Date.UTC(2025, 5, 1, 12, 0, 0);
const ago = (seconds: number): number => now - seconds * 1000;

describe('formatRelativeTime', () => {
  it('reads "now" for the first 45 seconds and for clock skew into the future', () => {
    expect(formatRelativeTime(ago(0), now, 'en')).toBe('now');
    expect(formatRelativeTime(ago(44), now, 'en')).toBe('now');
    expect(formatRelativeTime(now + 30_000, now, 'en')).toBe('now');
  });

  it('uses minutes, hours and days as the gap grows', () => {
    expect(formatRelativeTime(ago(120), now, 'en')).toBe('2 min. ago');
    expect(formatRelativeTime(ago(3 * 3600), now, 'en')).toBe('3 hr. ago');
    expect(formatRelativeTime(ago(86400), now, 'en')).toBe('yesterday');
    expect(formatRelativeTime(ago(5 * 86400), now, 'en')).toBe('5 days ago');
  });

  it('never says "0 min. ago" between 45 and 90 seconds', () => {
    expect(formatRelativeTime(ago(50), now, 'en')).toBe('1 min. ago');
  });

  it('has a narrow form for grid cells', () => {
    expect(formatRelativeTime(ago(14 * 86400), now, 'en', 'narrow')).toBe('14d ago');
    expect(formatRelativeTime(ago(120), now, 'ja', 'narrow')).toBe('2分前');
  });

  it('follows the UI language', () => {
    expect(formatRelativeTime(ago(120), now, 'ja')).toBe('2 分前');
    expect(formatRelativeTime(ago(3 * 3600), now, 'ja')).toBe('3 時間前');
  });
});

describe('formatCount', () => {
  it('groups thousands the way the language does', () => {
    expect(formatCount(100000, 'en')).toBe('100,000');
    expect(formatCount(100000, 'ja')).toBe('100,000');
    expect(formatCount(0, 'en')).toBe('0');
  });
});

describe('formatExactTime', () => {
  it('includes the seconds and the time zone, so a title pins the moment down', () => {
    const text = formatExactTime(now, 'en');
    expect(text).toMatch(/2025/);
    expect(text).toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(text).toMatch(/[A-Z]{2,}|GMT|UTC/);
  });
});
