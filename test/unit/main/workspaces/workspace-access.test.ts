import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { SignInProgress, Workspace, WorkspaceStatus } from '../../../../preload/contract/workspaces';
import { AwsError, CancelledError } from '../../../../main/errors/app-error';
import { MfaBroker } from '../../../../main/workspaces/mfa-broker';
import { WorkspaceAccess, type DeviceCode } from '../../../../main/workspaces/workspace-access';
import { stateForError, WorkspaceStatusBoard } from '../../../../main/workspaces/workspace-status';

const err = (code: string, kind: ErrorInfo['kind'] = 'aws'): ErrorInfo => ({ code, kind, message: code, retryable: false });


/** What the SSO portal answers before anyone signed in. */
function ssoSignInRequired(): AwsError {
  return new AwsError({ service: 'sso', operation: 'GetRoleCredentials', awsCode: 'SsoSignInRequired', kind: 'credentials', message: 'no token' });
}

/** What STS answers when AssumeRole refuses: a denied role or a refused MFA code. */
function assumeRoleError(awsCode: string, message: string): AwsError {
  return new AwsError({ service: 'sts', operation: 'AssumeRole', awsCode, kind: 'credentials', message });
}

describe('workspace state from a failure', () => {
  it.each([
    ['ExpiredTokenException', 'expired'],
    ['ExpiredToken', 'expired'],
    ['SsoSignInRequired', 'needs-sign-in'],
    ['MfaCodeNotGiven', 'needs-sign-in'],
    ['AccessDeniedException', 'access-denied'],
    ['AccessDenied', 'access-denied'],
    ['UnrecognizedClientException', 'misconfigured'],
    ['CredentialsUnavailable', 'misconfigured'],
    ['ThrottlingException', null],
    ['ValidationException', null],
  ])('%s → %s', (code, state) => {
    expect(stateForError(err(code))).toBe(state);
  });

  it('a network failure makes the workspace unreachable; a cancel says nothing', () => {
    expect(stateForError(err('EndpointUnreachable', 'network'))).toBe('unreachable');
    expect(stateForError(err('Cancelled', 'cancelled'))).toBeNull();
  });

  it('one workspace failing leaves the others as they were, and only real changes are announced', () => {
    const seen: WorkspaceStatus[] = [];
    const board = new WorkspaceStatusBoard((s) => seen.push(s), () => 5);
    board.ok('a', 'arn:aws:iam::1:user/x');
    board.ok('b');
    board.failed('a', err('ExpiredTokenException'));
    board.failed('b', err('ThrottlingException'));
    board.ok('b');
    expect(board.get('a')).toMatchObject({ state: 'expired', callerArn: 'arn:aws:iam::1:user/x', checkedAt: 5 });
    expect(board.get('b')).toMatchObject({ state: 'ok', error: null });
    expect(seen.map((s) => [s.workspaceId, s.state])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['a', 'expired'],
    ]);
  });
});

describe('MFA prompts', () => {
  function broker() {
    const requested: string[] = [];
    const settled: string[] = [];
    const b = new MfaBroker({ requested: (r) => requested.push(r.requestId), settled: (id) => settled.push(id) });
    return { b, requested, settled };
  }

  it('hands the typed code to every provider waiting for the same device, with one prompt', async () => {
    const { b, requested, settled } = broker();
    const first = b.ask('ops', 'arn:aws:iam::1:mfa/me');
    const second = b.ask('ops', 'arn:aws:iam::1:mfa/me');
    expect(requested).toHaveLength(1);
    b.answer({ requestId: requested[0]!, code: '123456' });
    await expect(Promise.all([first, second])).resolves.toEqual(['123456', '123456']);
    expect(settled).toEqual(requested);
    expect(b.open()).toEqual([]);
  });

  it('a cancelled prompt fails the credential lookup with what to do, and a late answer is refused', async () => {
    const { b, requested } = broker();
    const asked = b.ask('ops', 'serial');
    b.answer({ requestId: requested[0]!, cancel: true });
    await expect(asked).rejects.toMatchObject({ code: 'MfaCodeNotGiven', message: 'No MFA code was given for profile "ops".', hint: expect.stringContaining('Sign in') });
    expect(() => b.answer({ requestId: requested[0]!, code: '123456' })).toThrow(/no longer waiting/);
  });

  it('does not prompt again for a declined profile until the operator signs in again', async () => {
    const { b, requested } = broker();
    const asked = b.ask('ops', 'serial');
    b.answer({ requestId: requested[0]!, cancel: true });
    await expect(asked).rejects.toMatchObject({ code: 'MfaCodeNotGiven' });
    await expect(b.ask('ops', 'serial')).rejects.toMatchObject({ code: 'MfaCodeNotGiven' });
    expect(requested).toHaveLength(1);
    b.allow('ops');
    void b.ask('ops', 'serial').catch(() => undefined);
    expect(requested).toHaveLength(2);
    b.close();
  });

  it('shows why the last code was refused in the next prompt, once', () => {
    const seen: Array<string | null> = [];
    const b = new MfaBroker({ requested: (r) => seen.push(r.previousError?.message ?? null), settled: () => {} });
    b.refused('ops', { message: 'AWS rejected the MFA code.' });
    void b.ask('ops', 'serial').catch(() => undefined);
    b.close();
    b.allow('ops');
    void b.ask('ops', 'serial').catch(() => undefined);
    b.close();
    expect(seen).toEqual(['AWS rejected the MFA code.', null]);
  });

  it('gives up after its timeout so a forgotten prompt does not hang a sync forever', async () => {
    const b = new MfaBroker({ requested: () => {}, settled: () => {} }, 10);
    await expect(b.ask('ops', 'serial')).rejects.toMatchObject({ message: 'No MFA code was given for profile "ops" within 5 minutes.' });
  });
});

describe('signing in', () => {
  const sso: Workspace = { id: 'profile:sso@eu-west-1', kind: 'profile', label: 'sso', profile: 'sso', region: 'eu-west-1', accountId: '', accountName: '', credentialSource: 'sso', mfa: false };
  const mfa: Workspace = { ...sso, id: 'profile:mfa@eu-west-1', profile: 'mfa', credentialSource: 'assume-role', mfa: true };

  function access(options: { callerArn: () => Promise<string>; sso?: (signal: AbortSignal, onCode: (c: DeviceCode) => void) => Promise<void> }) {
    const progress: SignInProgress[] = [];
    const opened: string[] = [];
    const forgotten: string[] = [];
    const recovered: string[] = [];
    const refusals: string[] = [];
    const board = new WorkspaceStatusBoard(() => {});
    const a = new WorkspaceAccess({
      statuses: board,
      workspace: async (id) => (id === sso.id ? sso : mfa),
      callerArn: options.callerArn,
      ssoSignIn: (_profile, o) => (options.sso ? options.sso(o.signal, o.onCode) : Promise.resolve()),
      forgetCredentials: (id) => {
        forgotten.push(id);
      },
      mfaRefused: (_id, reason) => refusals.push(reason.message),
      openExternal: async (url) => {
        opened.push(url);
      },
      progressed: (p) => progress.push(p),
      recovered: (id) => recovered.push(id),
    });
    return { a, board, progress, opened, forgotten, recovered, refusals };
  }

  it('runs the SSO device flow: shows the code, opens the page, then checks the identity', async () => {
    let approve: () => void = () => {};
    let signedIn = false;
    const t = access({
      callerArn: async () => {
        if (!signedIn) throw ssoSignInRequired();
        return 'arn:aws:sts::210987654321:assumed-role/AWSReservedSSO_ReadOnly/alice';
      },
      sso: (_signal, onCode) =>
        new Promise<void>((resolve) => {
          onCode({ userCode: 'ABCD-EFGH', verificationUri: 'https://x.awsapps.com/start/#/device', verificationUriComplete: 'https://x.awsapps.com/start/#/device?user_code=ABCD-EFGH', expiresAt: 99 });
          approve = () => {
            signedIn = true;
            resolve();
          };
        }),
    });
    expect((await t.a.signIn(sso.id)).state).toBe('signing-in');
    expect(t.progress.at(-1)).toMatchObject({ phase: 'waiting', userCode: 'ABCD-EFGH' });
    expect(t.opened).toEqual(['https://x.awsapps.com/start/#/device?user_code=ABCD-EFGH']);
    await t.a.reopen(sso.id);
    expect(t.opened).toHaveLength(2);
    approve();
    await t.a.close();
    expect(t.progress.at(-1)?.phase).toBe('succeeded');
    expect(t.board.get(sso.id)).toMatchObject({ state: 'ok', callerArn: 'arn:aws:sts::210987654321:assumed-role/AWSReservedSSO_ReadOnly/alice' });
    expect(t.forgotten).toContain(sso.id);
    expect(t.recovered).toContain(sso.id);
  });

  it('says so when the browser could not be opened, so the dialog shows the address to copy', async () => {
    let signedIn = false;
    const board = new WorkspaceStatusBoard(() => {});
    const progress: SignInProgress[] = [];
    const a = new WorkspaceAccess({
      statuses: board,
      workspace: async () => sso,
      callerArn: async () => {
        if (!signedIn) throw ssoSignInRequired();
        return 'arn';
      },
      ssoSignIn: async (_profile, o) => {
        o.onCode({ userCode: 'ABCD-EFGH', verificationUri: 'http://127.0.0.1:9/start/', verificationUriComplete: 'http://127.0.0.1:9/start/?user_code=ABCD-EFGH', expiresAt: 1 });
        await new Promise((resolve) => setImmediate(resolve));
        signedIn = true;
      },
      forgetCredentials: () => {},
      mfaRefused: () => {},
      openExternal: async () => {
        throw new Error('scheme http: is not https:');
      },
      progressed: (p) => progress.push(p),
      recovered: () => {},
    });
    await a.signIn(sso.id);
    await a.close();
    expect(progress.find((p) => p.phase === 'waiting' && p.pageOpened === false)).toBeDefined();
  });

  it('two profiles of one SSO session share one browser flow, and both work after it', async () => {
    const other: Workspace = { ...sso, id: 'profile:sso-two@eu-west-1', profile: 'sso-two' };
    let signedIn = false;
    let flows = 0;
    let approve: () => void = () => {};
    const board = new WorkspaceStatusBoard(() => {});
    const a = new WorkspaceAccess({
      statuses: board,
      workspace: async (id) => (id === sso.id ? sso : other),
      ssoSessionOf: async () => 'corp',
      callerArn: async () => {
        if (!signedIn) throw ssoSignInRequired();
        return 'arn';
      },
      ssoSignIn: (_profile, o) =>
        new Promise<void>((resolve) => {
          flows += 1;
          o.onCode({ userCode: 'ABCD-EFGH', verificationUri: 'u', verificationUriComplete: 'u', expiresAt: 1 });
          approve = () => {
            signedIn = true;
            resolve();
          };
        }),
      forgetCredentials: () => {},
      mfaRefused: () => {},
      openExternal: async () => {},
      progressed: () => {},
      recovered: () => {},
    });
    await a.signIn(sso.id);
    expect((await a.signIn(other.id)).state).toBe('signing-in');
    expect(flows).toBe(1);
    approve();
    await a.close();
    expect(board.get(sso.id).state).toBe('ok');
    expect(board.get(other.id).state).toBe('ok');
  });

  it('a cancelled sign-in leaves the workspace needing one, with the reason', async () => {
    const t = access({
      callerArn: async () => {
        throw ssoSignInRequired();
      },
      sso: (signal) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new CancelledError()))),
    });
    await t.a.signIn(sso.id);
    t.a.cancel(sso.id);
    await t.a.close();
    expect(t.progress.at(-1)?.phase).toBe('cancelled');
    expect(t.board.get(sso.id)).toMatchObject({ state: 'needs-sign-in', error: { message: 'Sign-in for profile "sso" was cancelled.' } });
  });

  it('does not open a browser when the cached token still works, nor when the network is the problem', async () => {
    let failure: AwsError | null = null;
    let flows = 0;
    const t = access({
      callerArn: async () => {
        if (failure) throw failure;
        return 'arn:aws:sts::1:assumed-role/AWSReservedSSO_ReadOnly/alice';
      },
      sso: async () => {
        flows += 1;
      },
    });
    expect((await t.a.signIn(sso.id)).state).toBe('ok');
    failure = new AwsError({ service: 'sts', operation: 'GetCallerIdentity', awsCode: 'ProxyRefused', kind: 'network', message: 'proxy down' });
    expect((await t.a.signIn(sso.id)).state).toBe('unreachable');
    expect(flows).toBe(0);
    expect(t.opened).toEqual([]);
  });

  it('an MFA profile re-reads its credentials (the provider asks for the code) and a refusal is shown as such', async () => {
    const t = access({
      callerArn: async () => {
        throw assumeRoleError('AssumeRoleDenied', 'AssumeRole was denied.');
      },
    });
    const status = await t.a.signIn(mfa.id);
    expect(t.forgotten).toEqual([mfa.id]);
    expect(status).toMatchObject({ state: 'access-denied', error: { message: 'AssumeRole was denied.' } });
  });

  it('asks again after a refused MFA code, saying why, and stops after the third refusal', async () => {
    let calls = 0;
    const t = access({
      callerArn: async () => {
        calls += 1;
        throw assumeRoleError('MfaCodeRefused', `AWS rejected the MFA code (${calls}).`);
      },
    });
    const status = await t.a.signIn(mfa.id);
    expect(calls).toBe(3);
    expect(t.refusals).toEqual(['AWS rejected the MFA code (1).', 'AWS rejected the MFA code (2).']);
    expect(status).toMatchObject({ state: 'needs-sign-in', error: { code: 'MfaCodeRefused' } });
  });

  it('a code accepted on the second try re-syncs what failed meanwhile', async () => {
    let calls = 0;
    const t = access({
      callerArn: async () => {
        calls += 1;
        if (calls === 1) {
          // The fleet sync, sharing the same refused credentials, fails meanwhile.
          t.board.failed(mfa.id, { code: 'MfaCodeRefused', kind: 'credentials', message: 'refused', retryable: false });
          throw assumeRoleError('MfaCodeRefused', 'refused');
        }
        return 'arn:aws:sts::111122223333:assumed-role/CapstanOperator/capstan';
      },
    });
    expect((await t.a.check(mfa.id)).state).toBe('ok');
    expect(t.recovered).toEqual([mfa.id]);
  });

  it('says so when the page is asked for while no sign-in waits', async () => {
    const t = access({ callerArn: async () => 'x' });
    await expect(t.a.reopen(sso.id)).rejects.toMatchObject({ message: 'No sign-in is waiting for this workspace.' });
  });
});
