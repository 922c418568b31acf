import { describe, expect, it } from 'vitest';
import { SsoState, normaliseUserCode } from '../../../../../main/simulator/identity/sso-state';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('SSO device authorizations', () => {
  it('accept user codes as an operator types them: lower case, no dash, spaces', () => {
    expect(normaliseUserCode('bcdf ghjk')).toBe('BCDF-GHJK');
    expect(normaliseUserCode('BCDF-GHJK')).toBe('BCDF-GHJK');
    expect(normaliseUserCode('short')).toBe('SHORT');
  });

  it('can be decided once, and not after they expire', () => {
    const sso = new SsoState();
    const client = sso.registerClient('test', T0);
    const first = sso.startDevice(client.clientId, 'https://capstan-training.awsapps.com/start', T0 + 600_000);
    const second = sso.startDevice(client.clientId, 'https://capstan-training.awsapps.com/start', T0 + 600_000);
    expect(first.userCode).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    expect(sso.pending(T0)).toEqual([first.userCode, second.userCode]);
    expect(sso.decide(first.userCode, 'approved', T0)).toBe(true);
    expect(sso.decide(first.userCode, 'denied', T0)).toBe(false);
    expect(sso.decide(second.userCode, 'approved', T0 + 600_000)).toBe(false);
    expect(sso.pending(T0 + 600_000)).toEqual([]);
  });

  it('stop honouring tokens after expiry, logout or revocation', () => {
    const sso = new SsoState();
    const a = sso.issueTokens('client-a', T0 + 1000);
    const b = sso.issueTokens('client-a', T0 + 1000);
    expect(sso.tokenValid(a.accessToken, T0)).toBe(true);
    expect(sso.tokenValid(a.accessToken, T0 + 1000)).toBe(false);
    sso.logout(a.accessToken);
    expect(sso.tokenValid(a.accessToken, T0)).toBe(false);
    expect(sso.refreshClient(b.refreshToken)).toBe('client-a');
    sso.revokeAll();
    expect(sso.tokenValid(b.accessToken, T0)).toBe(false);
    expect(sso.refreshClient(b.refreshToken)).toBeUndefined();
  });
});
