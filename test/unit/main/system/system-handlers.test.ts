import { describe, expect, it, vi } from 'vitest';
import { createSystemHandlers } from '../../../../main/system/system-handlers';

describe('system handlers', () => {
  it('opens allowed links and refuses others without calling the opener, saying why', async () => {
    const openExternal = vi.fn(async () => {});
    const handlers = createSystemHandlers({ appVersion: '1', platform: 'darwin', openExternal, cacheRecovery: null });
    await expect(handlers['app:open-external']({ url: 'https://eu-west-1.console.aws.amazon.com/systems-manager/' })).resolves.toEqual({ opened: true });
    await expect(handlers['app:open-external']({ url: 'https://example.com/' })).rejects.toThrow(/Link not opened: host example.com is not on the allowlist/);
    await expect(handlers['app:open-external']({ url: 'http://console.aws.amazon.com/' })).rejects.toThrow(/https/);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('reports the cache recovery that happened at start-up', async () => {
    const cacheRecovery = { reason: 'corrupt' as const, movedTo: '/data/cache.db.corrupt-1' };
    const handlers = createSystemHandlers({ appVersion: '1.0.0', platform: 'win32', openExternal: async () => {}, cacheRecovery });
    expect(await handlers['app:get-info']({})).toEqual({ version: '1.0.0', platform: 'win32', cacheRecovery });
  });
});
