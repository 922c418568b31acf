import { ValidationError } from '../errors/app-error';
import { externalHostAllowlist } from '../../preload/contract/app';
import type { InvokeHandlers } from '../ipc/router';

type SystemHandlers = Pick<InvokeHandlers, 'app:get-info' | 'app:open-external'>;

/** Why a URL may not be opened outside Capstan, or null when it may. */
export function externalUrlRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'it is not a valid URL';
  }
  if (url.protocol !== 'https:') return 'only https links open outside Capstan';
  if (url.username || url.password) return 'links with credentials are never opened';
  const host = url.hostname.toLowerCase();
  const allowed = externalHostAllowlist.some((h) => host === h || host.endsWith(`.${h}`));
  return allowed ? null : `${host} is not an AWS console or documentation host`;
}

/** App-level channels: version info and guarded links to the system browser. */
export function createSystemHandlers(deps: {
  appVersion: string;
  platform: string;
  openExternal: (url: string) => Promise<void>;
  cacheRecovery: { reason: 'corrupt' | 'newer-than-app'; movedTo: string } | null;
}): SystemHandlers {
  return {
    'app:get-info': () => ({ version: deps.appVersion, platform: deps.platform, cacheRecovery: deps.cacheRecovery }),
    'app:open-external': async ({ url }) => {
      const refusal = externalUrlRefusal(url);
      if (refusal) throw new ValidationError(`Link not opened: ${refusal}.`);
      await deps.openExternal(url);
      return { opened: true as const };
    },
  };
}
