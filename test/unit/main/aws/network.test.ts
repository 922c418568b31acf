import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileNetwork, type ProfileNetwork } from '../../../../main/aws/network';
import type { ProfileConfig } from '../../../../main/aws/profile-config';

const SSM = 'https://ssm.eu-west-1.amazonaws.com/';
let dir: string;
const networks: ProfileNetwork[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-network-unit-'));
});
afterEach(() => {
  while (networks.length) networks.pop()!.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function network(env: NodeJS.ProcessEnv, profile: Partial<ProfileConfig> = {}): Promise<ProfileNetwork> {
  const made = await profileNetwork({ name: 'noc', caBundle: null, serviceEndpoints: {}, endpointUrl: null, ignoreConfiguredEndpointUrls: false, ...profile } as ProfileConfig, env);
  networks.push(made);
  return made;
}

describe('profile network settings', () => {
  it('picks the proxy per scheme, lower case first, and never shows its password', async () => {
    const n = await network({ https_proxy: 'http://op:s3cret@proxy.corp:3128', HTTPS_PROXY: 'http://other:8080', HTTP_PROXY: 'plain.corp:8080' });
    expect(n.proxyFor(SSM)).toBe('http://proxy.corp:3128');
    expect(n.proxyFor('http://127.0.0.1:4566/')).toBe('http://plain.corp:8080');
  });

  it('applies NO_PROXY per destination', async () => {
    const n = await network({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.amazonaws.com' });
    expect(n.proxyFor(SSM)).toBeNull();
    expect(n.proxyFor('https://vpce.corp.example/')).toBe('http://proxy.corp:3128');
  });

  it('refuses a proxy setting that is not a URL, naming the variable but not its value', async () => {
    const error = await network({ HTTPS_PROXY: 'http://user:pa ss@' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'InvalidProxyUrl', message: 'Profile "noc": HTTPS_PROXY is not an http(s) proxy URL.' });
    expect(JSON.stringify(error)).not.toContain('pa ss');
  });

  it('rejects a CA bundle without certificates, naming the profile setting', async () => {
    const path = join(dir, 'not-a-ca.pem');
    writeFileSync(path, 'hello');
    await expect(network({}, { caBundle: path })).rejects.toMatchObject({
      code: 'CaBundleUnreadable',
      message: `Profile "noc": The CA bundle ${path} (from ca_bundle) contains no PEM certificate.`,
    });
  });

  it('resolves endpoint overrides for every service it serves', async () => {
    const n = await network({ AWS_ENDPOINT_URL_STS: 'https://sts.vpce.example' }, { endpointUrl: 'https://all.vpce.example' });
    expect(n.endpointFor('sts')).toBe('https://sts.vpce.example');
    expect(n.endpointFor('ssm')).toBe('https://all.vpce.example');
    expect(n.endpointSettingFor('ssm')!.setting).toBe('endpoint_url of profile "noc"');
  });
});
