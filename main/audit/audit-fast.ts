import { createHash } from 'node:crypto';

// Fast paths over lines as Capstan writes them (canonical JSON: keys sorted, no whitespace), so
// verifying or indexing 100,000 entries needs no JSON.parse per line. They rely on one property of
// JSON: inside a string every `"` is escaped, so `,"key":` with a bare quote is always structure.
// Top-level keys come in the order action, actor, at, detail, error, hash, outcome, prevHash, seq,
// summary, targets; only actor and detail hold objects, so the last `,"hash":"` or `,"outcome":"`
// in a line is the top-level one. A line these do not recognise takes the full, slower check.

const HEX64 = /^[0-9a-f]{64}$/;

function hex64At(text: string, from: number): string | null {
  const value = text.slice(from, from + 64);
  return text[from + 64] === '"' && HEX64.test(value) ? value : null;
}

/**
 * The line's own hash when the line is intact and follows `prevHash` as line `line`; null when it
 * is not (or not in the expected form) — the caller then runs the full check to say why.
 * An intact hash means the bytes are exactly what Capstan hashed, and Capstan checked the entry
 * against the contract before hashing it, so no parse is needed to trust it.
 */
export function fastVerifiedHash(text: string, line: number, prevHash: string): string | null {
  const h = text.lastIndexOf(',"hash":"');
  const p = text.lastIndexOf(',"prevHash":"');
  if (h < 0 || p < h) return null;
  const hash = hex64At(text, h + 9);
  const prev = hex64At(text, p + 13);
  if (!hash || prev !== prevHash) return null;
  const seq = /^","seq":(\d+),/.exec(text.slice(p + 13 + 64, p + 13 + 64 + 30));
  if (!seq || Number(seq[1]) !== line) return null;
  const rest = text.slice(0, h) + text.slice(h + 9 + 64 + 1);
  return createHash('sha256').update(rest).digest('hex') === hash ? hash : null;
}

/** What the list index needs of an entry. */
export interface EntryMeta {
  action: string;
  outcome: string;
  workspaceId: string;
  at: number;
}

function plainStringAt(text: string, from: number): string | null {
  const end = text.indexOf('"', from);
  if (end < 0) return null;
  const value = text.slice(from, end);
  // An escape inside would need JSON's own decoding; leave such a line to JSON.parse.
  return value.includes('\\') ? null : value;
}

/** The index fields of a canonical line, or null for the JSON.parse path. */
export function fastMeta(text: string): EntryMeta | null {
  if (!text.startsWith('{"action":"')) return null;
  const action = plainStringAt(text, 11);
  const ws = text.indexOf(',"workspaceId":"');
  const workspaceId = ws < 0 ? null : plainStringAt(text, ws + 16);
  const atKey = ws < 0 ? -1 : text.indexOf('},"at":', ws);
  const at = atKey < 0 ? null : /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?),/.exec(text.slice(atKey + 7, atKey + 40));
  const o = text.lastIndexOf(',"outcome":"');
  const outcome = o < 0 ? null : plainStringAt(text, o + 12);
  if (action === null || workspaceId === null || !at || outcome === null) return null;
  return { action, outcome, workspaceId, at: Number(at[1]) };
}
