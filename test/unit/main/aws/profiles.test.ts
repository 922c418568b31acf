import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAwsProfiles, sharedConfigPaths } from '../../../../main/aws/profiles';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-profiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AWS profiles', () => {
  it('reads profiles from both shared files the way the CLI names them', async () => {
    writeFileSync(
      join(dir, 'config'),
      [
        '[default]',
        'region = eu-central-1',
        '',
        '# the NOC role',
        '[profile noc-admin]',
        'role_arn = arn:aws:iam::123456789012:role/NocAdmin',
        'source_profile = default',
        'region=ap-northeast-1',
        '[profile sso-prod]',
        'sso_account_id = 210987654321',
        'sso_region = eu-west-1',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n[keys-only]\naws_access_key_id = AKIA2\n');
    const profiles = await listAwsProfiles({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    expect(profiles).toEqual([
      { name: 'default', region: 'eu-central-1', accountId: '' },
      { name: 'keys-only', region: null, accountId: '' },
      { name: 'noc-admin', region: 'ap-northeast-1', accountId: '123456789012' },
      { name: 'sso-prod', region: null, accountId: '210987654321' },
    ]);
  });

  it('returns no profiles when the files do not exist', async () => {
    await expect(listAwsProfiles({ AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none2') })).resolves.toEqual([]);
  });

  it('defaults to ~/.aws like the CLI', () => {
    expect(sharedConfigPaths({ HOME: '/home/op' })).toEqual({ configFilepath: '/home/op/.aws/config', credentialsFilepath: '/home/op/.aws/credentials' });
  });
});
