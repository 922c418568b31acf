import { describe, expect, it, vi } from 'vitest';
import { createGuardedOpenExternal, isAllowedExternalUrl } from '../../../../main/app/external-links';
import { FakeShell } from '../../../helpers/fake-electron';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://console.aws.amazon.com/systems-manager/home',
    'https://eu-west-1.console.aws.amazon.com/systems-manager/managed-instances?region=eu-west-1',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/what-is-systems-manager.html',
    'https://aws.amazon.com/systems-manager/',
    'HTTPS://Console.AWS.Amazon.com/ec2/',
    // IAM Identity Center sign-in: the device page AWS names, and an organisation's portal.
    'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
    'https://device.sso.us-gov-west-1.amazonaws.com/',
    'https://d-9067abcdef.awsapps.com/start/#/device?user_code=ABCD-EFGH',
  ])('allows %s', (url) => {
    const verdict = isAllowedExternalUrl(url);
    expect(verdict.allowed).toBe(true);
  });

  it.each([
    ['http://console.aws.amazon.com/', /scheme http:/],
    ['file:///etc/passwd', /scheme file:/],
    ['javascript:alert(1)', /scheme javascript:/],
    ['https://evil.example/', /not on the allowlist/],
    ['https://console.aws.amazon.com.evil.example/', /not on the allowlist/],
    ['https://evilconsole.aws.amazon.com/', /not on the allowlist/],
    ['https://a.b.console.aws.amazon.com/', /not on the allowlist/],
    ['https://s3.aws.amazon.com/', /not on the allowlist/],
    ['https://user:pass@console.aws.amazon.com/', /credentials/],
    ['https://console.aws.amazon.com@evil.example/', /credentials/],
    ['https://evil.example\\@console.aws.amazon.com/', /not on the allowlist/],
    ['https://console.aws.amazon.com:8443/', /port 8443/],
    ['https://console.aws.amazon.com./', /not on the allowlist/],
    ['https://device.sso.evil.example/', /not on the allowlist/],
    ['https://device.sso.eu-west-1.amazonaws.com.evil.example/', /not on the allowlist/],
    ['https://a.b.awsapps.com/', /not on the allowlist/],
    ['https://awsapps.com.evil.example/', /not on the allowlist/],
    ['http://d-9067abcdef.awsapps.com/start', /scheme http:/],
    ['not a url', /not a valid URL/],
    ['', /empty/],
    [`https://console.aws.amazon.com/${'a'.repeat(2100)}`, /longer than/],
  ])('refuses %s with a reason', (url, reason) => {
    const verdict = isAllowedExternalUrl(url);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toMatch(reason);
  });

  it('hands back the normalized URL, so what is opened is what was checked', () => {
    expect(isAllowedExternalUrl('https://Console.AWS.amazon.com:443/ec2')).toEqual({ allowed: true, url: 'https://console.aws.amazon.com/ec2' });
  });
});

describe('createGuardedOpenExternal', () => {
  it('opens an allowlisted link in the system browser', async () => {
    const shell = new FakeShell();
    await createGuardedOpenExternal(shell)('https://docs.aws.amazon.com/systems-manager/');
    expect(shell.opened).toEqual(['https://docs.aws.amazon.com/systems-manager/']);
  });

  it('rejects any other link with a typed error and never reaches the OS', async () => {
    const shell = new FakeShell();
    const log = vi.fn();
    await expect(createGuardedOpenExternal(shell, log)('https://evil.example/login')).rejects.toMatchObject({ code: 'ExternalUrlRefused', kind: 'validation' });
    expect(shell.opened).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not on the allowlist'));
  });
});
