import { describe, expect, it } from 'vitest';
import { CredentialStore, mfaCodeAt, mfaCodeMatches } from '../../../../../main/simulator/identity/credential-store';
import { resolveAccounts } from '../../../../../main/simulator/identity/training-accounts';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const SERIAL = 'arn:aws:iam::111122223333:mfa/training-operator';

function store(clock: { now: number }): CredentialStore {
  return new CredentialStore(resolveAccounts(undefined, undefined, { accessKeyId: 'AKIAONE', secretAccessKey: 'one' }), () => clock.now);
}

describe('MFA codes', () => {
  it('are six digits, fixed within a 30-second window and per device', () => {
    expect(mfaCodeAt(SERIAL, T0)).toMatch(/^\d{6}$/);
    expect(mfaCodeAt(SERIAL, T0 + 29_999)).toBe(mfaCodeAt(SERIAL, T0));
    const windows = new Set([0, 1, 2, 3, 4].map((w) => mfaCodeAt(SERIAL, T0 + w * 30_000)));
    expect(windows.size).toBeGreaterThan(1);
    expect(mfaCodeAt('arn:aws:iam::444455556666:mfa/training-operator', T0)).not.toBe(mfaCodeAt(SERIAL, T0));
  });

  it('accept the current and the previous window only', () => {
    expect(mfaCodeMatches(SERIAL, mfaCodeAt(SERIAL, T0), T0)).toBe(true);
    expect(mfaCodeMatches(SERIAL, mfaCodeAt(SERIAL, T0 - 30_000), T0)).toBe(true);
    expect(mfaCodeMatches(SERIAL, mfaCodeAt(SERIAL, T0 - 60_000), T0)).toBe(false);
    expect(mfaCodeMatches(SERIAL, mfaCodeAt(SERIAL, T0 + 30_000), T0)).toBe(false);
  });
});

describe('CredentialStore', () => {
  it('knows each account user by its long-term key, and never by a session token', () => {
    const keys = store({ now: T0 });
    expect(keys.longTermSecret('AKIAONE')).toBe('one');
    expect(keys.principalOf('AKIAONE')).toMatchObject({ accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/training-operator' });
    expect(keys.principalOf('AKIACAPSTANTRAINING2').accountId).toBe('444455556666');
    expect(keys.sessionSecret('AKIAONE', 'anything')).toBeUndefined();
  });

  it('binds a temporary key to its token and expires it on the simulator clock', () => {
    const clock = { now: T0 + 400 };
    const keys = store(clock);
    const issued = keys.issueRoleSession('444455556666', 'CapstanReadOnly', 'night', 900);
    expect(issued.expiration).toBe(T0 + 900_000);
    expect(keys.sessionSecret(issued.accessKeyId, issued.sessionToken)).toBe(issued.secretAccessKey);
    expect(keys.sessionSecret(issued.accessKeyId, `${issued.sessionToken}x`)).toBeUndefined();
    expect(keys.longTermSecret(issued.accessKeyId)).toBeUndefined();
    expect(keys.principalOf(issued.accessKeyId)).toMatchObject({
      accountId: '444455556666',
      arn: 'arn:aws:sts::444455556666:assumed-role/CapstanReadOnly/night',
      roleName: 'CapstanReadOnly',
    });
    clock.now = T0 + 900_000;
    let thrown: unknown;
    try {
      keys.sessionSecret(issued.accessKeyId, issued.sessionToken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SimulatedAwsError);
    expect((thrown as SimulatedAwsError).code).toBe('ExpiredTokenException');
  });

  it('expires every temporary key on demand', () => {
    const keys = store({ now: T0 });
    const issued = keys.issueRoleSession('111122223333', 'CapstanOperator', 'a1', 3600);
    keys.expireTemporary();
    expect(() => keys.sessionSecret(issued.accessKeyId, issued.sessionToken)).toThrow('The security token included in the request is expired');
  });
});
