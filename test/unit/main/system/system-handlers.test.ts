import { describe, expect, it, vi } from 'vitest';
import { createSystemHandlers, externalUrlRefusal } from '../../../../main/system/system-handlers';

describe('external links', () => {
  it('allows the AWS console, regional consoles and docs over https', () => {
    expect(externalUrlRefusal('https://console.aws.amazon.com/systems-manager/fleet-manager')).toBeNull();
    expect(externalUrlRefusal('https://eu-west-1.console.aws.amazon.com/systems-manager/')).toBeNull();
    expect(externalUrlRefusal('https://docs.aws.amazon.com/systems-manager/latest/userguide/')).toBeNull();
  });

  it('refuses other schemes, lookalike hosts and embedded credentials, saying why', () => {
    expect(externalUrlRefusal('http://console.aws.amazon.com/')).toMatch(/https/);
    expect(externalUrlRefusal('file:///etc/passwd')).toMatch(/https/);
    expect(externalUrlRefusal('https://console.aws.amazon.com.evil.example/')).toMatch(/not an AWS/);
    expect(externalUrlRefusal('https://evilconsole.aws.amazon.com/')).toBeNull(); // subdomain of aws.amazon.com
    expect(externalUrlRefusal('https://user:pw@console.aws.amazon.com/')).toMatch(/credentials/);
    expect(externalUrlRefusal('not a url')).toMatch(/valid URL/);
  });

  it('opens allowed links and refuses others without calling the opener', async () => {
    const openExternal = vi.fn(async () => {});
    const handlers = createSystemHandlers({ appVersion: '1', platform: 'darwin', openExternal, cacheRecovery: null });
    await expect(handlers['app:open-external']({ url: 'https://console.aws.amazon.com/' })).resolves.toEqual({ opened: true });
    await expect(handlers['app:open-external']({ url: 'https://example.com/' })).rejects.toThrow(/not opened/);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
