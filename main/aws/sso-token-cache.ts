import { getSSOTokenFilepath } from '@smithy/shared-ini-file-loader';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The SSO token cache exactly as the AWS CLI v2 writes it and @aws-sdk/token-providers reads it:
 * `~/.aws/sso/cache/<sha1(sso-session name, or start URL for legacy profiles)>.json`, mode 0600.
 * The path comes from the SDK's own getSSOTokenFilepath, so writer and reader cannot disagree.
 */
export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** ISO-8601 UTC without milliseconds, as the CLI writes it (`2026-11-27T20:00:00Z`). */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

/** The cache key the CLI and the SDK use: the sso-session name, or the start URL for a legacy profile. */
export function ssoCacheKey(session: { name: string | null; startUrl: string }): string {
  return session.name ?? session.startUrl;
}

/** The cache file of a session (honours HOME/USERPROFILE like the SDK). */
export function ssoTokenPath(key: string): string {
  return getSSOTokenFilepath(key);
}

/** The cached token, or null when there is none or it cannot be parsed. */
export async function readSsoToken(key: string): Promise<SsoCachedToken | null> {
  try {
    const parsed = JSON.parse(await readFile(ssoTokenPath(key), 'utf8')) as Partial<SsoCachedToken>;
    return typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'string' ? (parsed as SsoCachedToken) : null;
  } catch {
    return null;
  }
}

/** Writes the token atomically (temp file + rename) with mode 0600 in a 0700 folder. */
export async function writeSsoToken(key: string, token: SsoCachedToken): Promise<string> {
  const path = ssoTokenPath(key);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Unique per write: two sign-ins of one session finishing together must not share a temp file.
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(token, null, 2), { mode: 0o600 });
  // writeFile's mode only applies to new files and is masked by umask; make sure.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}

/** `2026-11-27T20:00:00Z`: the CLI's timestamp shape (no milliseconds). */
export function cliTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
