import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, contentSecurityPolicy } from '../../../../main/app/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => {
    const [name = '', ...sources] = part.trim().split(/\s+/);
    return [name, sources] as const;
  }));
}

describe('content security policy', () => {
  it('is the strict policy from the design: nothing by default, scripts only from the app', () => {
    expect(contentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    const parsed = directives(contentSecurityPolicy);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
  });

  it('adds an extra connect-src origin for the test host without touching other directives', () => {
    const csp = buildContentSecurityPolicy({ extraConnectSrc: ['ws://127.0.0.1:5123'] });
    const parsed = directives(csp);
    expect(parsed.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5123']);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(parsed.size).toBe(directives(contentSecurityPolicy).size);
  });

  it.each([
    'ws://127.0.0.1:1; script-src *',
    '*',
    "'unsafe-eval'",
    'http://127.0.0.1:80/path',
    'ws://127.0.0.1:1 https://evil.example',
    'javascript:alert(1)',
  ])('refuses an origin that would change the policy: %s', (origin) => {
    expect(() => buildContentSecurityPolicy({ extraConnectSrc: [origin] })).toThrow(/Refusing CSP/);
  });
});
