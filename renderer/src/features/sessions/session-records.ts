// Pure helpers for the sessions view: how long a session ran, newest first.
import type { SessionRecord } from '../../../../preload/contract/sessions';

/** Milliseconds a session has run: to its end, or to now while it is still open. */
export function sessionDuration(record: Pick<SessionRecord, 'startedAt' | 'endedAt'>, now: number): number {
  return Math.max(0, (record.endedAt ?? now) - record.startedAt);
}

/** "45s", "12m 05s", "3h 07m", "2d 4h": compact and unambiguous in both languages. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** Newest first; ties by session id so the order never flickers between refreshes. */
export function sortRecords(records: readonly SessionRecord[]): SessionRecord[] {
  return [...records].sort((a, b) => b.startedAt - a.startedAt || a.sessionId.localeCompare(b.sessionId));
}

/** The part of an owner ARN an operator reads ("assumed-role/NocAdmin/alice"), the whole ARN elsewhere. */
export function shortOwner(owner: string): string {
  const match = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(.+)$/.exec(owner);
  return match ? (match[1] as string) : owner;
}
