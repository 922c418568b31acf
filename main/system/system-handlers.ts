import { isAllowedExternalUrl } from '../app/external-links';
import { ValidationError } from '../errors/app-error';
import type { InvokeHandlers } from '../ipc/router';

type SystemHandlers = Pick<InvokeHandlers, 'app:get-info' | 'app:open-external'>;

/** App-level channels: version info, cache-recovery notice and guarded links to the system browser. */
export function createSystemHandlers(deps: {
  appVersion: string;
  platform: string;
  openExternal: (url: string) => Promise<void>;
  cacheRecovery: { reason: 'corrupt' | 'newer-than-app'; movedTo: string } | null;
}): SystemHandlers {
  return {
    'app:get-info': () => ({ version: deps.appVersion, platform: deps.platform, cacheRecovery: deps.cacheRecovery }),
    'app:open-external': async ({ url }) => {
      // Checked here too, so the test host and any future opener share the one policy.
      const verdict = isAllowedExternalUrl(url);
      if (!verdict.allowed) throw new ValidationError(`Link not opened: ${verdict.reason}. Capstan opens only AWS console and documentation links.`);
      await deps.openExternal(verdict.url);
      return { opened: true as const };
    },
  };
}
