import { auditEntrySchema, type AuditEntry } from '../../preload/contract/audit';
import { canonicalJson, entryHash } from './audit-canonical';
import { brokenLinkReason, type BrokenLinkKind } from './audit-reasons';

/** The entry on a stored line, or null when the line is not one (lists skip it; verify names it). */
export function parseEntry(text: string): AuditEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = auditEntrySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Why line `line` (1-based) breaks the chain after a line whose hash was `prevHash`, or null when it holds. */
export function checkLine(text: string, line: number, prevHash: string): { kind: BrokenLinkKind; reason: string; hash: string | null } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return broken('unreadable', line, `not JSON: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return broken('unreadable', line, 'not a JSON object', null);
  const parsed = auditEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return broken('unreadable', line, issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'not an audit entry', null);
  }
  const record = raw as Record<string, unknown>;
  // The raw object, not zod's copy: a key added by hand must count as an edit, not be stripped first.
  // A line that differs from how Capstan writes it (spacing, key order) is an edit too, so an
  // export stays byte-identical to what was hashed.
  if (record.hash !== entryHash(record) || canonicalJson(record) !== text) return broken('edited', line, '', parsed.data.hash);
  if (parsed.data.seq !== line || parsed.data.prevHash !== prevHash) return broken('unlinked', line, '', parsed.data.hash);
  return null;
}

/** The hash the next line links to: the line's own, or a digest of whatever is there when it has none. */
export function linkHashOf(text: string, fallback: (text: string) => string): string {
  try {
    const raw = JSON.parse(text) as { hash?: unknown };
    if (typeof raw.hash === 'string' && /^[0-9a-f]{64}$/.test(raw.hash)) return raw.hash;
  } catch {
    // Not JSON: the fallback digest below.
  }
  return fallback(text);
}

function broken(kind: BrokenLinkKind, line: number, detail: string, hash: string | null) {
  return { kind, reason: brokenLinkReason(kind, line, detail), hash };
}
