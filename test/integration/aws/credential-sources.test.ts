import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClientFactory } from '../../../main/aws/client-factory';
import { credentialProviderFor } from '../../../main/aws/credentials';
import { ENVIRONMENT_PROFILE } from '../../../main/aws/profile-config';
import type { AwsError } from '../../../main/errors/app-error';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';

const PAYMENTS = '444455556666';

let sim: RunningSimulator;
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sim = await startSimulator({ nodes: 20 });
  dir = mkdtempSync(join(tmpdir(), 'capstan-sources-'));
  const payments = sim.accounts.find((a) => a.accountId === PAYMENTS)!.credentials;
  // A credential_process helper as a vault tool would be: prints Version 1 JSON, counts its runs.
  writeFileSync(
    join(dir, 'vault.cjs'),
    [
      "const fs = require('node:fs');",
      `fs.appendFileSync(${JSON.stringify(join(dir, 'runs'))}, 'x');`,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(payments.accessKeyId)}, SecretAccessKey: ${JSON.stringify(payments.secretAccessKey)} }));`,
    ].join('\n'),
  );
  // Temporary keys valid 8 minutes; fails (exit 1) once the file `broken` exists, as a vault that went away.
  writeFileSync(
    join(dir, 'expiring.cjs'),
    [
      "const fs = require('node:fs');",
      `fs.appendFileSync(${JSON.stringify(join(dir, 'expiring-runs'))}, 'x');`,
      `if (fs.existsSync(${JSON.stringify(join(dir, 'broken'))})) { console.error('vault sealed'); process.exit(1); }`,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'ASIATEMP' + fs.readFileSync(${JSON.stringify(join(dir, 'expiring-runs'))}, 'utf8').length, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 8 * 60000).toISOString() }));`,
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile expiring]',
      `credential_process = ${process.execPath} ${join(dir, 'expiring.cjs')}`,
      '[profile vault]',
      `credential_process = ${process.execPath} ${join(dir, 'vault.cjs')}`,
      `endpoint_url = ${sim.endpoint}`,
      '[profile ghost-source]',
      'role_arn = arn:aws:iam::111122223333:role/CapstanReadOnly',
      'source_profile = nobody',
      `endpoint_url = ${sim.endpoint}`,
    ].join('\n'),
  );
});

afterAll(async () => {
  process.env = savedEnv;
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function factory(env: NodeJS.ProcessEnv): AwsClientFactory {
  return new AwsClientFactory({ env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), ...env }, askMfaCode: () => Promise.reject(new Error('no MFA')) });
}

describe('credential sources besides roles and SSO', () => {
  it('runs credential_process once for many calls (long-term keys are kept)', async () => {
    const f = factory({});
    try {
      await Promise.all([f.callerIdentity('vault', 'eu-west-1'), f.callerIdentity('vault', 'eu-west-1')]);
      await expect(f.callerIdentity('vault', 'eu-west-1')).resolves.toMatchObject({ account: PAYMENTS });
      expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('x');
    } finally {
      f.destroy();
    }
  });

  it('uses the environment\'s keys for the environment workspace, with AWS_ENDPOINT_URL', async () => {
    const keys = sim.accounts[0]!.credentials;
    // fromEnv reads process.env itself; each test file runs in its own process.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey });
    const f = factory({ AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_ENDPOINT_URL: sim.endpoint });
    try {
      await expect(f.callerIdentity(ENVIRONMENT_PROFILE, 'eu-west-1')).resolves.toMatchObject({ account: sim.accounts[0]!.accountId, arn: expect.stringContaining(':user/training-operator') });
    } finally {
      f.destroy();
    }
  });

  it('names the missing source profile and what to do', async () => {
    const f = factory({});
    try {
      const error = (await f.callerIdentity('ghost-source', 'eu-west-1').catch((e: unknown) => e)) as AwsError;
      expect(error.code).toBe('SourceProfileMissing');
      expect(error.message).toContain('Profile "ghost-source"');
      expect(error.message).toContain('"nobody"');
      expect(error.hint).toContain('correct source_profile in "ghost-source"');
    } finally {
      f.destroy();
    }
  });

  it('keeps using still-valid keys when an early refresh fails, and does not retry on every call', async () => {
    let skewMs = 0;
    const provider = credentialProviderFor('expiring', {
      env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
      askMfaCode: () => Promise.reject(new Error('no MFA')),
      clientConfig: { region: 'eu-west-1' },
      now: () => Date.now() + skewMs,
    });
    const runs = () => readFileSync(join(dir, 'expiring-runs'), 'utf8').length;
    const first = await provider();
    expect(first.accessKeyId).toBe('ASIATEMP1');
    writeFileSync(join(dir, 'broken'), '');
    skewMs = 6 * 60_000; // 2 minutes left of 8: time to refresh, but the vault fails
    expect(await provider()).toBe(first);
    await provider.refreshing();
    expect(await provider()).toBe(first);
    expect(runs()).toBe(2);
    skewMs = 9 * 60_000; // expired and still no vault: now it is an error naming the profile
    const error = (await provider().catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('CredentialsUnavailable');
    expect(error.message).toContain('Profile "expiring"');
    rmSync(join(dir, 'broken'));
    expect((await provider()).accessKeyId).toBe('ASIATEMP4');
  });
});
