import { describe, expect, it } from 'vitest';
import type { DocumentParameter, PreviewNode } from '../../../../preload/contract/commands';
import { checkParameterValues, confirmationText, describePattern, isProductionTag, requiredConfirmation } from '../../../../main/commands/parameter-rules';

function param(name: string, overrides: Partial<DocumentParameter> = {}): DocumentParameter {
  return {
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
  };
}

const serviceName = param('serviceName', { allowedPattern: '^[A-Za-z0-9_.@-]{1,64}$' });
const restart = [serviceName];

describe('checkParameterValues refuses what SendCommand would refuse', () => {
  const injections = ['nginx; rm -rf /', 'nginx`reboot`', 'nginx$(reboot)', 'nginx\nrm -rf /', 'nginx && shutdown -h now', 'nginx|sh', "nginx'", 'nginx\r', ' nginx'];
  it.each(injections)('refuses the injection attempt %j with the pattern in words', (value) => {
    const errors = checkParameterValues(restart, { serviceName: [value] });
    expect(errors).toEqual([
      { field: 'serviceName', message: 'serviceName: use only letters, digits and _ . @ - (pattern ^[A-Za-z0-9_.@-]{1,64}$).' },
    ]);
  });

  it('accepts a value the pattern allows', () => {
    expect(checkParameterValues(restart, { serviceName: ['nginx.service'] })).toEqual([]);
  });

  // A pattern without anchors still has to match the whole value, as SSM matches it.
  it('anchors an unanchored pattern to the whole value', () => {
    const timeout = param('executionTimeout', { default: '3600', allowedPattern: '([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)' });
    expect(checkParameterValues([timeout], { executionTimeout: ['3600'] })).toEqual([]);
    expect(checkParameterValues([timeout], { executionTimeout: ['3600; reboot'] })[0]?.field).toBe('executionTimeout');
    expect(checkParameterValues([timeout], { executionTimeout: ['999999'] })[0]?.message).toMatch(/^executionTimeout: use the form the document asks for \(pattern/);
  });

  const table: Array<[string, DocumentParameter[], Record<string, string[]>, RegExp | null]> = [
    ['required parameter missing', restart, {}, /^serviceName: required — enter a value\.$/],
    ['required parameter empty', restart, { serviceName: [''] }, /^serviceName: required/],
    ['undeclared name', restart, { serviceName: ['nginx'], extra: ['x'] }, /^extra: this document has no such parameter; its parameters are serviceName\.$/],
    ['Integer that is not', [param('olderThanDays', { type: 'Integer' })], { olderThanDays: ['7 days'] }, /^olderThanDays: enter a whole number/],
    ['Integer that is', [param('olderThanDays', { type: 'Integer' })], { olderThanDays: ['7'] }, null],
    ['Boolean that is not', [param('reboot', { type: 'Boolean' })], { reboot: ['yes'] }, /^reboot: choose true or false\.$/],
    ['allowedValues', [param('lines', { allowedValues: ['100', '500', '2000'] })], { lines: ['1000'] }, /^lines: choose one of 100, 500, 2000\.$/],
    ['StringList minItems', [param('commands', { type: 'StringList', minItems: 1 })], { commands: [] }, /^commands: enter at least 1 line\.$/],
    ['StringList maxItems', [param('ids', { type: 'StringList', maxItems: 2 })], { ids: ['a', 'b', 'c'] }, /^ids: enter at most 2 lines \(now 3\)\.$/],
    ['StringList line checked', [param('ids', { type: 'StringList', allowedPattern: '^[a-z]+$' })], { ids: ['ok', 'bad;'] }, /^ids: line 2: use only lower-case letters/],
    ['maxChars', [param('dir', { default: '', maxChars: 4 })], { dir: ['/var/log'] }, /^dir: enter at most 4 characters \(now 8\)\.$/],
    ['minChars', [param('dir', { minChars: 2 })], { dir: ['/'] }, /^dir: enter at least 2 characters\.$/],
    ['two values for a String', restart, { serviceName: ['a', 'b'] }, /^serviceName: takes one value, not 2\.$/],
    ['StringMap not an object', [param('m', { type: 'StringMap' })], { m: ['[1]'] }, /^m: enter a JSON object/],
    ['optional parameter left out', [param('dir', { default: '' })], {}, null],
    ['Parameter Store reference left to SSM', [param('config', { allowedPattern: '^[a-z]+$' })], { config: ['{{ssm:/capstan/cw-config}}'] }, null],
    ['look-around pattern SSM cannot run', [param('x', { allowedPattern: '^(?!root).*$' })], { x: ['admin'] }, /not one SSM accepts/],
  ];
  it.each(table)('%s', (_name, parameters, values, expected) => {
    const errors = checkParameterValues(parameters, values);
    if (expected === null) expect(errors).toEqual([]);
    else expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(expected)]);
  });
});

describe('describePattern', () => {
  it.each([
    ['^[a-z0-9-]+$', 'use only lower-case letters, digits and -'],
    ['^[A-Za-z0-9 ]*$', 'use only letters, digits and space'],
    ['^/var/log/[a-z]+$', 'use the form the document asks for'],
    ['^[^;]+$', 'use the form the document asks for'],
    ['^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$', 'use only letters, digits and _ . @ -, starting with a letter or digit'],
    ['^[a-z]+[0-9]+$', 'use the form the document asks for'],
  ])('%s reads as "%s"', (pattern, words) => {
    expect(describePattern(pattern)).toBe(words);
  });
});

function node(name: string, production: boolean): PreviewNode {
  return { instanceId: `i-${name.replace(/\W/g, '').padEnd(8, '0').slice(0, 8)}`, name, platformType: 'Linux', pingStatus: 'Online', production, tagsKnown: true, platformMismatch: false };
}

describe('typed confirmation', () => {
  it('asks for the production node name, or the count of production nodes, and nothing without them', () => {
    expect(confirmationText([node('web-01', true), node('web-02', false)])).toBe('web-01');
    expect(confirmationText([node('web-01', true), node('web-02', true), node('web-03', false)])).toBe('2 nodes');
    // Tags never read (no AWS:Tag inventory): it may be production, so it is confirmed as such.
    expect(confirmationText([{ ...node('web-04', false), tagsKnown: false }, node('web-05', false)])).toBe('web-04');
    expect(confirmationText([node('web-01', false)])).toBeNull();
  });

  it('a runbook that always wants the name typed gets it even without production nodes', () => {
    const preview = { typedConfirmation: null, nodes: [node('db-01', false)], total: 1 };
    expect(requiredConfirmation(preview, false)).toBeNull();
    expect(requiredConfirmation(preview, true)).toBe('db-01');
    expect(requiredConfirmation({ typedConfirmation: null, nodes: [node('a', false)], total: 12 }, true)).toBe('12 nodes');
  });

  it.each([
    ['Environment', 'production', true],
    ['env', 'PROD', true],
    ['Stage', 'Prod', true],
    ['Environment', 'staging', false],
    ['Owner', 'production', false],
  ])('tag %s=%s is production: %s', (key, value, expected) => {
    expect(isProductionTag(key, value)).toBe(expected);
  });
});
