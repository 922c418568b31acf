/**
 * Keeps credentials out of the audit log. The log is kept forever and exported to people, so a
 * token that slipped into a detail would outlive its rotation. Keys that name a secret lose their
 * value whatever it is; values shaped like AWS keys or session tokens are masked wherever they appear.
 */

export const REDACTED = '[redacted]';

// "token", "secret", "password", "credential(s)", "passphrase", "private key", "session key" in any
// casing or separator style; "sessionId" or "tokenCount" style names that are not secrets stay.
const SECRET_KEY = /secret|passw(or)?d|passphrase|credential|private[-_ ]?key|session[-_ ]?key|access[-_ ]?key(?![-_ ]?id)|authorization|auth[-_ ]?header/i;
const TOKEN_KEY = /token(?!s?[-_ ]?(count|limit|length|type))/i;

// An AWS secret access key: 40 characters of base64 with both cases and a digit, / or +.
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
// STS session tokens start with these base64 prefixes ("!\n\torigin_ec…", "…aws…").
const SESSION_TOKEN = /(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9/+=]{20,}/g;
// Access key ids are not secret alone but are half a credential pair; long-term (AKIA) and temporary (ASIA).
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
// Presigned URLs and stream URLs carry their signature or token in the query string.
const SIGNED_QUERY = /([?&](?:X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|token|sig)=)[^&\s"]+/gi;

/** Longest string kept in a detail; a script or an output beyond this is cut with a marker. */
export const MAX_STRING = 16_384;
const MAX_DEPTH = 12;

/** True for a key whose value must never be written, whatever it holds. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || TOKEN_KEY.test(key);
}

/** Text with secret-shaped values masked, cut to `max` characters. */
export function scrubText(text: string, max = MAX_STRING): string {
  const masked = text
    .replace(SESSION_TOKEN, REDACTED)
    .replace(SECRET_ACCESS_KEY, REDACTED)
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(SIGNED_QUERY, `$1${REDACTED}`);
  return masked.length > max ? `${masked.slice(0, max)}… [${masked.length - max} more characters not kept]` : masked;
}

/**
 * A JSON-safe copy of `value` with secrets removed: strings masked and cut, secret-named keys
 * redacted, non-finite numbers, functions and other non-JSON values made into text or null.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
  if (depth >= MAX_DEPTH) return '[nested too deep; not kept]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return scrubText(value.message);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (value instanceof Map) return scrubRecord(Object.fromEntries(value), depth);
  if (value instanceof Set) return [...value].map((item) => scrubValue(item, depth + 1));
  return scrubRecord(value as Record<string, unknown>, depth);
}

function scrubRecord(record: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (item === undefined) continue;
    out[key] = isSecretKey(key) ? REDACTED : scrubValue(item, depth + 1);
  }
  return out;
}

/** A detail record ready to be hashed and stored. */
export function scrubDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return scrubRecord(detail, 0);
}
