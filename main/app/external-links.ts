import type { Shell } from 'electron';
import { externalHostAllowlist } from '../../preload/contract/app';
import { AppError } from '../errors/app-error';

/** What the external-link policy decided: the normalized URL to open, or why it was refused. */
export type ExternalUrlVerdict = { allowed: true; url: string } | { allowed: false; reason: string };

// Regional consoles live one label below the console host (eu-west-1.console.aws.amazon.com).
const consoleHost = 'console.aws.amazon.com';
const regionLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const maxUrlLength = 2048;

/** Decides whether a URL may leave the app for the system browser: https, allowlisted host, no credentials. */
export function isAllowedExternalUrl(url: string, allowlist: readonly string[] = externalHostAllowlist): ExternalUrlVerdict {
  if (typeof url !== 'string' || url.length === 0) return { allowed: false, reason: 'empty URL' };
  if (url.length > maxUrlLength) return { allowed: false, reason: `URL longer than ${maxUrlLength} characters` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'https:') return { allowed: false, reason: `scheme ${parsed.protocol} is not https:` };
  // user:pass@host is how phishing links disguise their real host; AWS console links never carry it.
  if (parsed.username !== '' || parsed.password !== '') return { allowed: false, reason: 'URL carries credentials' };
  if (parsed.port !== '') return { allowed: false, reason: `non-default port ${parsed.port}` };
  const host = parsed.hostname;
  if (!isAllowedHost(host, allowlist)) return { allowed: false, reason: `host ${host} is not on the allowlist` };
  // Open exactly what was checked: the serialized form, not the caller's original spelling.
  return { allowed: true, url: parsed.href };
}

/**
 * IAM Identity Center sign-in pages: the regional device page AWS names in StartDeviceAuthorization
 * (device.sso.<region>.amazonaws.com) and an organisation's portal (<directory>.awsapps.com).
 */
const ssoDevicePage = /^device\.sso\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com$/;
const ssoPortal = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.awsapps\.com$/;

function isAllowedHost(host: string, allowlist: readonly string[]): boolean {
  if (allowlist.includes(host)) return true;
  // AWS names the device page in its own answer; both are AWS-owned domains, whatever the allowlist.
  if (ssoDevicePage.test(host) || ssoPortal.test(host)) return true;
  if (!allowlist.includes(consoleHost) || !host.endsWith(`.${consoleHost}`)) return false;
  const label = host.slice(0, -(consoleHost.length + 1));
  return regionLabel.test(label);
}

/** Returns an openExternal that applies the policy first; a refused URL rejects with a typed error and never reaches the OS. */
export function createGuardedOpenExternal(
  shell: Pick<Shell, 'openExternal'>,
  log: (message: string) => void = () => {},
): (url: string) => Promise<void> {
  return async (url: string) => {
    const verdict = isAllowedExternalUrl(url);
    if (!verdict.allowed) {
      log(`refused to open external URL (${verdict.reason})`);
      throw new AppError('validation', 'ExternalUrlRefused', `Capstan only opens AWS console and documentation links (${verdict.reason}).`);
    }
    await shell.openExternal(verdict.url, { activate: true });
  };
}
