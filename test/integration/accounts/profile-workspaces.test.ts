import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FleetPage } from '../../../preload/contract/fleet';
import type { MfaRequest, SignInProgress, WorkspaceList } from '../../../preload/contract/workspaces';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { TRAINING_SSO_START_URL } from '../../../main/simulator/identity/training-accounts';
import { startCore, type CoreUnderTest } from './core-harness';

// Real-shaped AWS profiles (static keys, an MFA role chain, an SSO session) pointing at the training
// fleet's endpoint, run through the whole core: workspaces, credentials, sign-in, syncs, audit.

const STATIC = 'profile:payments@us-east-1';
const MFA = 'profile:ops-mfa@eu-west-1';
const SSO = 'profile:sso-ops@eu-west-1';
const MFA_SERIAL = 'arn:aws:iam::444455556666:mfa/training-operator';

let sim: RunningSimulator;
let t: CoreUnderTest | null = null;
const savedEnv = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE };

beforeAll(async () => {
  sim = await startSimulator({ nodes: 30, seed: 9, partitionNodes: 12 });
});
afterAll(async () => {
  await sim.close();
  Object.assign(process.env, savedEnv);
});
afterEach(async () => {
  await t?.close();
  t = null;
});

function writeProfiles(home: string): void {
  const payments = sim.accounts.find((a) => a.accountId === '444455556666')!;
  writeFileSync(
    join(home, 'config'),
    `# the operator's config, with the odd comment and spacing
[profile payments]
region = us-east-1
endpoint_url = ${sim.endpoint}

[profile ops-mfa]
role_arn = arn:aws:iam::111122223333:role/CapstanOperator
source_profile = payments
mfa_serial = ${MFA_SERIAL}
region   =   eu-west-1
endpoint_url = ${sim.endpoint}

[profile sso-ops]
sso_session = training
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1
endpoint_url = ${sim.endpoint}

[sso-session training]
sso_start_url = ${TRAINING_SSO_START_URL}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
`,
  );
  writeFileSync(join(home, 'credentials'), `[payments]\naws_access_key_id = ${payments.credentials.accessKeyId}\naws_secret_access_key = ${payments.credentials.secretAccessKey}\n`);
}

async function start(): Promise<CoreUnderTest> {
  t = await startCore({
    env: (home) => {
      writeProfiles(home);
      const env = { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_PROFILE: 'payments' };
      // The SDK's SSO token reader looks at process.env.HOME (each test file runs in its own process).
      Object.assign(process.env, env);
      return env;
    },
  });
  return t;
}

describe('profile workspaces', () => {
  it('lists each profile with how it gets credentials, and opens on AWS_PROFILE', async () => {
    const core = await start();
    const list = await core.call<WorkspaceList>('workspaces:list-workspaces', {});
    expect(list.selectedId).toBe(STATIC);
    const byId = new Map(list.workspaces.map((w) => [w.id, w]));
    expect(byId.get(STATIC)).toMatchObject({ credentialSource: 'static', mfa: false, region: 'us-east-1' });
    expect(byId.get(MFA)).toMatchObject({ credentialSource: 'assume-role', mfa: true, accountId: '111122223333' });
    expect(byId.get(SSO)).toMatchObject({ credentialSource: 'sso', accountId: '111122223333' });
    const status = await core.status(STATIC, 'ok');
    expect(status.callerArn).toBe('arn:aws:iam::444455556666:user/training-operator');
  });

  it('assumes an MFA role: asks for the code once, then syncs as the assumed role', async () => {
    const core = await start();
    const asked = core.next<MfaRequest>('workspaces:mfa-requested', (r) => r.profile === 'ops-mfa');
    await core.call('workspaces:watch-workspaces', { ids: [MFA] });
    const request = await asked;
    expect(request.serial).toBe(MFA_SERIAL);
    // A window that opens (or reloads) now still finds the prompt waiting.
    const open = await core.call<{ mfa: MfaRequest[] }>('workspaces:list-prompts', {});
    expect(open.mfa.map((r) => r.requestId)).toEqual([request.requestId]);
    await core.call('workspaces:answer-mfa', { requestId: request.requestId, code: sim.identity.mfaCode(MFA_SERIAL) });
    const ok = await core.status(MFA, 'ok');
    await expect.poll(async () => (await core.call<WorkspaceList>('workspaces:list-workspaces', {})).statuses.find((s) => s.workspaceId === MFA)?.callerArn).toMatch(
      /^arn:aws:sts::111122223333:assumed-role\/CapstanOperator\//,
    );
    expect(ok.state).toBe('ok');
    expect((await core.syncEnded(MFA)).phase).toBe('succeeded');
    expect(sim.calls.list().filter((c) => c.operation === 'sts:AssumeRole')).toHaveLength(1);
  });

  it('a cancelled MFA prompt leaves that workspace needing a sign-in and the others working', async () => {
    const core = await start();
    const asked = core.next<MfaRequest>('workspaces:mfa-requested', () => true);
    await core.call('workspaces:watch-workspaces', { ids: [MFA] });
    await core.call('workspaces:answer-mfa', { requestId: (await asked).requestId, cancel: true });
    const status = await core.status(MFA, 'needs-sign-in');
    expect(status.error?.message).toContain('ops-mfa');
    expect((await core.syncEnded(STATIC)).phase).toBe('succeeded');
    const page = await core.call<FleetPage>('fleet:list-nodes', { workspaceIds: [STATIC, MFA], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1000 });
    expect(page.total).toBeGreaterThan(0);
    expect(new Set(page.rows.map((n) => n.workspaceId))).toEqual(new Set([STATIC]));
  });

  it('signs in to SSO with the device flow, shares the token cache with the CLI, and syncs', async () => {
    const core = await start();
    await core.call('workspaces:watch-workspaces', { ids: [SSO] });
    await core.status(SSO, 'needs-sign-in');
    const waiting = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'waiting');
    const done = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'succeeded');
    await core.call('workspaces:sign-in', { workspaceId: SSO });
    const prompt = await waiting;
    expect(prompt.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(core.opened).toContain(prompt.verificationUri);
    sim.identity.approveDevice(prompt.userCode!);
    await done;
    const status = await core.status(SSO, 'ok');
    expect(status.callerArn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_ReadOnly/);
    const cache = readdirSync(join(core.home, '.aws', 'sso', 'cache'));
    expect(cache).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(core.home, '.aws', 'sso', 'cache', cache[0]!), 'utf8'))).toMatchObject({ startUrl: TRAINING_SSO_START_URL, region: 'eu-west-1' });
  });

  it('asks STS again who it is when renewed keys are another key, so the audit log names who acts', async () => {
    const core = await start();
    await core.call('workspaces:watch-workspaces', { ids: [SSO] });
    const waiting = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'waiting');
    await core.call('workspaces:sign-in', { workspaceId: SSO });
    sim.identity.approveDevice((await waiting).userCode!);
    await core.status(SSO, 'ok');
    const checksBefore = sim.calls.list().filter((c) => c.operation === 'sts:GetCallerIdentity').length;

    // Every role key dies early (as when a session is revoked): the next sync is refused, the keys are
    // dropped, and the one after resolves new keys from the SSO token, which triggers a new identity check.
    sim.identity.expireTemporaryCredentials();
    const refused = core.syncEnded(SSO);
    await core.call('fleet:refresh-nodes', { workspaceIds: [SSO] });
    expect((await refused).error?.code).toBe('ExpiredTokenException');
    // The keys are dropped in the background as the refused sync ends; a later sync gets new ones.
    await expect
      .poll(async () => {
        const ended = core.syncEnded(SSO);
        await core.call('fleet:refresh-nodes', { workspaceIds: [SSO] });
        const state = await ended;
        return state.phase === 'succeeded' ? 'succeeded' : state.error?.code;
      })
      .toBe('succeeded');
    await expect.poll(() => sim.calls.list().filter((c) => c.operation === 'sts:GetCallerIdentity' && c.status === 200).length).toBeGreaterThan(checksBefore);
    expect((await core.status(SSO, 'ok')).callerArn).toMatch(/assumed-role\/AWSReservedSSO_ReadOnly/);
  });

  it('one of three workspaces expiring (SSO revoked) leaves the other two syncing', async () => {
    const core = await start();
    await core.call('workspaces:watch-workspaces', { ids: [STATIC, SSO, 'training'] });
    const waiting = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'waiting');
    await core.call('workspaces:sign-in', { workspaceId: SSO });
    sim.identity.approveDevice((await waiting).userCode!);
    await core.status(SSO, 'ok');

    sim.identity.revokeSsoTokens();
    sim.identity.expireTemporaryCredentials();
    const ends = Promise.all([STATIC, SSO, 'training'].map((id) => core.syncEnded(id)));
    await core.call('fleet:refresh-nodes', { workspaceIds: [STATIC, SSO, 'training'] });
    const [staticEnd, ssoEnd, trainingEnd] = await ends;
    expect(staticEnd?.phase).toBe('succeeded');
    expect(trainingEnd?.phase).toBe('succeeded');
    expect(ssoEnd?.phase).toBe('failed');
    const list = await core.call<WorkspaceList>('workspaces:list-workspaces', {});
    const sso = list.statuses.find((s) => s.workspaceId === SSO)!;
    expect(['needs-sign-in', 'expired']).toContain(sso.state);
    expect(sso.error?.hint).toMatch(/sign in/i);
  });

  it('keeps an open shell through an SSO re-login, and resumes it with the new credentials', async () => {
    const core = await start();
    await core.call('workspaces:watch-workspaces', { ids: [SSO] });
    const signIn = async (): Promise<void> => {
      const waiting = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'waiting');
      const done = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && (p.phase === 'succeeded' || p.phase === 'failed'));
      await core.call('workspaces:sign-in', { workspaceId: SSO });
      sim.identity.approveDevice((await waiting).userCode!);
      expect((await done).phase).toBe('succeeded');
    };
    await signIn();
    const synced = core.syncEnded(SSO);
    await core.call('fleet:refresh-nodes', { workspaceIds: [SSO] });
    expect((await synced).phase).toBe('succeeded');
    const page = await core.call<FleetPage>('fleet:list-nodes', { workspaceIds: [SSO], filter: 'ping:online platform:linux', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1 });
    const node = page.rows[0]!;

    const output: string[] = [];
    core.core.router.subscribe((channel, payload) => {
      const out = payload as { sessionId?: string; data?: string };
      if (channel === 'sessions:output-received' && out.data) output.push(out.data);
    });
    const printed = async (marker: string): Promise<void> => {
      await expect.poll(() => output.join(''), { timeout: 20_000 }).toContain(marker);
    };
    const connected = core.next<{ state: { kind: string } }>('sessions:state-changed', (p) => p.state.kind === 'connected');
    const session = await core.call<{ sessionId: string }>('sessions:start-session', { workspaceId: SSO, instanceId: node.instanceId, cols: 80, rows: 24 });
    await connected;
    await core.call('sessions:send-input', { sessionId: session.sessionId, data: 'echo before-$((1+1))\r' });
    await printed('before-2');

    // The SSO session ends (revoked, every role key expired) and the operator signs in again.
    sim.identity.revokeSsoTokens();
    sim.identity.expireTemporaryCredentials();
    await signIn();
    await core.call('sessions:send-input', { sessionId: session.sessionId, data: 'echo after-$((2+2))\r' });
    await printed('after-4');

    const resumed = core.next<{ sessionId: string; state: { kind: string } }>('sessions:state-changed', (p) => p.sessionId === session.sessionId && p.state.kind === 'connected');
    await core.call('sessions:reconnect-session', { sessionId: session.sessionId });
    await resumed;
    expect(sim.calls.list().filter((c) => c.operation === 'ResumeSession').map((c) => c.status)).toEqual([200]);
    await core.call('sessions:send-input', { sessionId: session.sessionId, data: 'echo resumed-$((3+3))\r' });
    await printed('resumed-6');
  });

  it('never lets a secret key or a session token reach the cache, the logs or the renderer', async () => {
    const core = await start();
    const asked = core.next<MfaRequest>('workspaces:mfa-requested', () => true);
    await core.call('workspaces:watch-workspaces', { ids: [STATIC, MFA, SSO] });
    // A mistyped code first: the refusal travels back to the renderer, and must carry no secret either.
    const wrong = String((Number(sim.identity.mfaCode(MFA_SERIAL)) + 500_000) % 1_000_000).padStart(6, '0');
    const again = core.next<MfaRequest>('workspaces:mfa-requested', (r) => r.previousError !== null);
    await core.call('workspaces:answer-mfa', { requestId: (await asked).requestId, code: wrong });
    const retry = await again;
    expect(retry.previousError?.message).toMatch(/MFA/);
    // Keyed, so the dialog shows it in the operator's language.
    expect(retry.previousError?.text?.key).toBe('credentials.mfaCodeRefused');
    await core.call('workspaces:answer-mfa', { requestId: retry.requestId, code: sim.identity.mfaCode(MFA_SERIAL) });
    const waiting = core.next<SignInProgress>('workspaces:sign-in-progressed', (p) => p.workspaceId === SSO && p.phase === 'waiting');
    await core.call('workspaces:sign-in', { workspaceId: SSO });
    sim.identity.approveDevice((await waiting).userCode!);
    await Promise.all([core.status(MFA, 'ok'), core.status(SSO, 'ok'), core.syncEnded(STATIC)]);
    await core.call('workspaces:select-workspace', { id: MFA });
    await core.call('fleet:list-nodes', { workspaceIds: [STATIC, MFA, SSO], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 200 });
    await core.call('audit:list-entries', { filter: {}, offset: 0, limit: 100 });

    // After shutdown: the last records (sessions closed, syncs cancelled) are on disk too.
    await core.core.close();
    const secrets = [...sim.accounts.map((a) => a.credentials.secretAccessKey), ...sim.identity.issuedSecrets()];
    expect(secrets.length).toBeGreaterThan(sim.accounts.length);
    const userData = join(core.dir, 'user-data');
    const haystacks = [...filesUnder(userData).map((f) => readFileSync(f).toString('latin1')), ...core.seen, ...core.logs];
    // The scan reads what matters: the cache and the audit log, which name the assumed role STS answered with.
    expect(filesUnder(userData).map((f) => f.slice(userData.length + 1))).toEqual(expect.arrayContaining(['cache.db', 'audit.jsonl']));
    const auditLog = readFileSync(join(userData, 'audit.jsonl'), 'utf8');
    expect(auditLog).toContain('assumed-role/CapstanOperator');
    for (const secret of secrets) {
      for (const text of haystacks) expect(text.includes(secret), `a secret reached ${text.slice(0, 80)}`).toBe(false);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
