import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENVIRONMENT_PROFILE, readSharedConfig } from '../../../../main/aws/profile-config';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-profile-config-'));
  env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(config: string[], credentials: string[] = []): void {
  writeFileSync(join(dir, 'config'), config.join('\n'));
  writeFileSync(join(dir, 'credentials'), credentials.join('\r\n'));
}

/** A config file shaped like one `aws configure sso` and a NOC team would leave behind. */
const REAL_SHAPED = [
  '# Managed by hand. Do not let the installer overwrite it.',
  '[default]',
  'region = eu-west-1   ; the NOC lives in Dublin',
  'output=json',
  '',
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = eu-central-1',
  'sso_registration_scopes = sso:account:access',
  '',
  '[profile payments-ro]',
  '  sso_session = corp',
  '  sso_account_id = 444455556666',
  '  sso_role_name = ReadOnly',
  '  region = us-east-1',
  '',
  '[profile legacy-sso]',
  'sso_start_url = https://old.awsapps.com/start',
  'sso_region = us-west-2',
  'sso_account_id = 777788889999',
  'sso_role_name = Admin',
  '',
  '[profile noc]',
  'role_arn = arn:aws:iam::111122223333:role/CapstanOperator',
  'source_profile = default',
  'mfa_serial = arn:aws:iam::111122223333:mfa/training-operator',
  'duration_seconds = 3600',
  '',
  '[profile noc-deep]',
  'role_arn = arn:aws:iam::444455556666:role/CapstanReadOnly',
  'source_profile = noc',
  'region = ap-northeast-1',
  '',
  '[profile vault]',
  'credential_process = /usr/local/bin/vault-aws --role noc',
  '',
  '[profile vpce]',
  'region = eu-west-1',
  'source_profile = default',
  'role_arn = arn:aws:iam::111122223333:role/CapstanReadOnly',
  'ca_bundle = /etc/pki/corp-ca.pem',
  'endpoint_url = https://vpce-0a1b.eu-west-1.vpce.amazonaws.com',
  'services = private',
  '',
  '[services private]',
  'ssm =',
  '  endpoint_url = https://vpce-ssm.example.internal',
  'sts =',
  '  endpoint_url = https://vpce-sts.example.internal',
];

describe('readSharedConfig', () => {
  it('classifies static, role chains, SSO (session and legacy) and credential_process profiles', async () => {
    files(REAL_SHAPED, ['[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYxx']);
    const { profiles, problems } = await readSharedConfig(env);
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    expect(problems).toEqual([]);
    expect(byName.default).toMatchObject({ kind: 'static', region: 'eu-west-1' });
    expect(byName.noc).toMatchObject({ kind: 'assume-role', sourceProfile: 'default', mfaSerial: 'arn:aws:iam::111122223333:mfa/training-operator', accountId: '111122223333' });
    expect(byName['noc-deep']).toMatchObject({ kind: 'assume-role', sourceProfile: 'noc', region: 'ap-northeast-1', accountId: '444455556666', mfaSerial: null });
    // The chain's MFA role asks for a code even though noc-deep names no device itself.
    expect(byName['noc-deep']!.chainMfaSerial).toBe('arn:aws:iam::111122223333:mfa/training-operator');
    expect(byName.vpce!.chainMfaSerial).toBeNull();
    expect(byName['payments-ro']).toMatchObject({
      kind: 'sso',
      accountId: '444455556666',
      ssoRoleName: 'ReadOnly',
      ssoSession: { name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-central-1', scopes: ['sso:account:access'] },
    });
    expect(byName['legacy-sso']!.ssoSession).toEqual({ name: null, startUrl: 'https://old.awsapps.com/start', region: 'us-west-2', scopes: [] });
    expect(byName.vault).toMatchObject({ kind: 'process' });
    expect(byName.vpce).toMatchObject({
      caBundle: '/etc/pki/corp-ca.pem',
      endpointUrl: 'https://vpce-0a1b.eu-west-1.vpce.amazonaws.com',
      serviceEndpoints: { ssm: 'https://vpce-ssm.example.internal', sts: 'https://vpce-sts.example.internal' },
    });
    // Sections that are not profiles do not show up as workspaces.
    expect(profiles.map((p) => p.name)).not.toContain('corp');
    expect(JSON.stringify(profiles)).not.toContain('wJalrXUtnFEMI');
  });

  it('names the profile whose source_profile is missing and the loop in a role chain', async () => {
    files([
      '[profile orphan]',
      'role_arn = arn:aws:iam::111122223333:role/CapstanReadOnly',
      'source_profile = gone',
      '[profile a]',
      'role_arn = arn:aws:iam::111122223333:role/A',
      'source_profile = b',
      '[profile b]',
      'role_arn = arn:aws:iam::111122223333:role/B',
      'source_profile = a',
      '[profile self-keys]',
      'role_arn = arn:aws:iam::111122223333:role/S',
      'source_profile = self-keys',
    ], ['[self-keys]', 'aws_access_key_id = AKIA1', 'aws_secret_access_key = s']);
    const { problems } = await readSharedConfig(env);
    const orphan = problems.find((p) => p.profile === 'orphan');
    expect(orphan).toMatchObject({ file: join(dir, 'config'), line: 1 });
    expect(orphan!.message).toContain('source_profile "gone"');
    expect(orphan!.fix).toContain('[gone]');
    expect(problems.find((p) => p.profile === 'a')!.message).toContain('a → b → a');
    // A profile may name itself as its source when it has keys: the SDK then uses those keys.
    expect(problems.filter((p) => p.profile === 'self-keys')).toEqual([]);
  });

  it('says what an SSO profile lacks and flags a profile with no credentials at all', async () => {
    files([
      '[sso-session half]',
      'sso_region = eu-west-1',
      '[profile sso-half]',
      'sso_session = half',
      'sso_account_id = 111122223333',
      '[profile sso-ghost]',
      'sso_session = nowhere',
      'sso_account_id = 1',
      'sso_role_name = R',
      '[profile empty]',
      'region = eu-west-1',
    ]);
    const { problems } = await readSharedConfig(env);
    const messages = (name: string) => problems.filter((p) => p.profile === name).map((p) => p.message);
    expect(messages('sso-half')).toEqual([
      'The [sso-session half] used by profile "sso-half" has no sso_start_url.',
      'SSO profile "sso-half" has no sso_role_name, so it can sign in but not get credentials.',
    ]);
    expect(messages('sso-ghost')[0]).toContain('there is no [sso-session nowhere] section');
    expect(messages('empty')).toEqual(['Profile "empty" has no credentials.']);
  });

  it('reports malformed lines with their line number and never echoes a line of the credentials file', async () => {
    files(['[default]', 'region = eu-west-1', '[profile broken', 'region = x', '[ops]', 'region = y', '[profile  spaced]', 'region = z'], [
      '[default]',
      'aws_access_key_id = AKIAEXAMPLE',
      'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYxx',
    ]);
    const { problems } = await readSharedConfig(env);
    const config = problems.filter((p) => p.profile === null && p.file === join(dir, 'config')).map((p) => [p.line, p.message.replace(`${join(dir, 'config')} `, '')]);
    expect(config).toEqual([
      [3, 'line 3: The section header "[profile broken" has no closing "]".'],
      [5, 'line 5: The config file ignores [ops]: write [profile ops].'],
      [7, 'line 7: Extra spaces in [profile  spaced] make the AWS tools skip it: write [profile spaced].'],
    ]);
    const credentials = problems.find((p) => p.file === join(dir, 'credentials'));
    expect(credentials).toMatchObject({ line: 3 });
    expect(JSON.stringify(problems)).not.toContain('wJalr');
  });

  it('reports an unreadable file instead of silently showing no profiles', async () => {
    // A folder where the file should be fails for every user, root included (unlike chmod 000).
    mkdirSync(join(dir, 'config'));
    const { problems, unreadableFiles } = await readSharedConfig(env);
    expect(problems).toEqual([expect.objectContaining({ profile: null, message: `The config file ${join(dir, 'config')} could not be read (EISDIR).` })]);
    // Named as unreadable, so a profile it may hold is not called missing; an absent file is not.
    expect(unreadableFiles).toEqual([join(dir, 'config')]);
  });

  it('offers the environment credentials as their own profile', async () => {
    files([]);
    const { profiles, defaultProfile } = await readSharedConfig({ ...env, AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'eu-north-1', AWS_PROFILE: 'ops' });
    expect(profiles[0]).toMatchObject({ name: ENVIRONMENT_PROFILE, kind: 'env', region: 'eu-north-1' });
    expect(defaultProfile).toBe('ops');
  });
});
