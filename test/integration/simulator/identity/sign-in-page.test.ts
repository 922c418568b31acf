import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_SSO_START_URL, mfaSerial } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';

/**
 * The device flow's verification page on the training fleet: served with a strict CSP and no
 * outside assets, approving or denying a code posted from its form, and saying what went wrong
 * for a code nobody is waiting on.
 */

let sim: RunningSimulator;
// Held still so the MFA code on the page and the one the test reads share a 30-second window.
const clock = Date.now();
let oidc: SSOOIDCClient;

async function pendingDevice(): Promise<{ client: { clientId: string; clientSecret: string }; deviceCode: string; userCode: string }> {
  const registered = await oidc.send(new RegisterClientCommand({ clientName: 'page-test', clientType: 'public' }));
  const client = { clientId: registered.clientId ?? '', clientSecret: registered.clientSecret ?? '' };
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: TRAINING_SSO_START_URL }));
  return { client, deviceCode: device.deviceCode ?? '', userCode: device.userCode ?? '' };
}

function decide(userCode: string, decision: string): Promise<Response> {
  return fetch(`${sim.endpoint}/start/approve`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, decision }).toString(),
  });
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: 10, now: () => clock });
  oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1 });
});

afterAll(async () => {
  oidc?.destroy();
  await sim?.close();
});

describe('the /start/ sign-in page', () => {
  it('is a self-contained page with a strict CSP that says it is the training fleet', async () => {
    const response = await fetch(`${sim.endpoint}/start/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain("This is the training fleet's sign-in page.");
    expect(html).toContain('<form method="post" action="/start/approve">');
    // Every asset is same-origin: no scheme-qualified src or href at all.
    expect(html).not.toMatch(/(src|href)="[a-z]+:/i);
    expect(html).toContain(mfaSerial(sim.accountId));
    expect(html).toContain(sim.identity.mfaCode(mfaSerial(sim.accountId)));
    for (const asset of ['/start/page.css', '/start/page.js']) {
      const served = await fetch(`${sim.endpoint}${asset}`);
      expect(served.status).toBe(200);
    }
  });

  it('approves a code typed in lower case without its dash, and the client gets its token', async () => {
    const device = await pendingDevice();
    const response = await decide(device.userCode.replace('-', '').toLowerCase(), 'approve');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`Request ${device.userCode} approved.`);
    const token = await oidc.send(
      new CreateTokenCommand({ ...device.client, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
    );
    expect(token.accessToken).toBeTruthy();
    expect(sim.calls.count('sso-signin:Approve')).toBe(1);
  });

  it('denies a code, and explains a code nobody waits on or a missing decision', async () => {
    const device = await pendingDevice();
    expect(await (await decide(device.userCode, 'deny')).text()).toContain(`Request ${device.userCode} denied.`);
    expect(sim.identity.pendingDeviceCodes()).not.toContain(device.userCode);
    const again = await decide(device.userCode, 'approve');
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(`No sign-in request is waiting for code &quot;${device.userCode}&quot;. Codes expire after 10 minutes and work once`);
    const undecided = await decide('ABCD-EFGH', 'maybe');
    expect(undecided.status).toBe(400);
    expect(await undecided.text()).toContain('Choose Approve or Deny.');
  });
});
