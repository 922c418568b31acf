import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../preload/contract/audit';

/** prevHash of the first line: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted and no whitespace: one text per value, so a hash over it does not
 * depend on the order a writer happened to build its object in. Callers pass JSON-safe values
 * (the scrubber makes them so); undefined members are left out as JSON.stringify would.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** SHA-256 hex of the canonical JSON of everything in the entry but `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> | Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = entry as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The line as stored: the whole entry, hash included, in canonical JSON (no newline). */
export function entryLine(entry: AuditEntry): string {
  return canonicalJson(entry);
}
