import { describe, expect, it } from 'vitest';
import { ParameterStore } from '../../../../../main/simulator/parameters/parameter-store';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

function store(seed = false): { store: ParameterStore; tick: () => void } {
  let now = Date.UTC(2026, 10, 27, 3, 0, 0);
  return { store: new ParameterStore({ accountId: ACCOUNT, region: REGION, now: () => now, seed }), tick: () => (now += 1000) };
}

function awsFailure(run: () => unknown): SimulatedAwsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatedAwsError);
    return error as SimulatedAwsError;
  }
  throw new Error('expected an AWS error');
}

describe('ParameterStore', () => {
  it('seeds the CloudWatch agent configurations as agent JSON with metrics and logs', () => {
    const { store: s } = store(true);
    for (const name of ['AmazonCloudWatch-linux', 'AmazonCloudWatch-windows']) {
      const config = JSON.parse(s.get(name)?.Value ?? '{}') as Record<string, unknown>;
      expect(Object.keys(config)).toEqual(expect.arrayContaining(['metrics', 'logs']));
    }
  });

  it('creates version 1, needs Overwrite for the next, and keeps every version readable by selector', () => {
    const { store: s, tick } = store();
    expect(s.put({ name: '/app/url', value: 'https://a', type: 'String' })).toEqual({ Version: 1, Tier: 'Standard' });
    const again = awsFailure(() => s.put({ name: '/app/url', value: 'https://b', type: 'String' }));
    expect(again.code).toBe('ParameterAlreadyExists');
    tick();
    expect(s.put({ name: '/app/url', value: 'https://b', overwrite: true })).toEqual({ Version: 2, Tier: 'Standard' });
    expect(s.read('/app/url', false)).toEqual({
      Name: '/app/url',
      Type: 'String',
      Value: 'https://b',
      Version: 2,
      LastModifiedDate: Date.UTC(2026, 10, 27, 3, 0, 1) / 1000,
      ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/url`,
      DataType: 'text',
    });
    expect(s.read('/app/url:1', false)).toMatchObject({ Value: 'https://a', Version: 1, Selector: ':1' });
    expect(awsFailure(() => s.read('/app/url:3', false)).code).toBe('ParameterVersionNotFound');
    expect(s.read(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/url`, false).Value).toBe('https://b');
  });

  it('keeps the 100 newest versions', () => {
    const { store: s } = store();
    s.put({ name: 'counter', value: '0', type: 'String' });
    for (let i = 1; i <= 100; i += 1) s.put({ name: 'counter', value: String(i), overwrite: true });
    expect(s.read('counter', false).Version).toBe(101);
    expect(awsFailure(() => s.read('counter:1', false)).code).toBe('ParameterVersionNotFound');
    expect(s.read('counter:2', false).Value).toBe('1');
  });

  it('answers a missing parameter with ParameterNotFound and no message, as AWS does', () => {
    const failure = awsFailure(() => store().store.read('/nope', true));
    expect(failure.code).toBe('ParameterNotFound');
    expect(failure.toBody()).toEqual({ __type: 'ParameterNotFound' });
  });

  it('returns a SecureString as ciphertext unless decryption is asked for', () => {
    const { store: s } = store();
    s.put({ name: '/db/password', value: 'hunter2', type: 'SecureString' });
    const hidden = s.read('/db/password', false).Value;
    expect(hidden).not.toContain('hunter2');
    expect(Buffer.from(hidden, 'base64').toString('base64')).toBe(hidden);
    expect(s.read('/db/password', true).Value).toBe('hunter2');
  });

  it.each<[string, Parameters<ParameterStore['put']>[0], string, string]>([
    ['an aws prefix', { name: 'aws-thing', value: 'x', type: 'String' }, 'ValidationException', 'can\'t be prefixed with "aws" or "ssm"'],
    ['an /ssm prefix', { name: '/SSM/thing', value: 'x', type: 'String' }, 'ValidationException', 'can\'t be prefixed'],
    ['a space', { name: '/a b', value: 'x', type: 'String' }, 'ValidationException', 'sub-paths'],
    ['a path without a leading slash', { name: 'a/b', value: 'x', type: 'String' }, 'ValidationException', 'sub-paths'],
    ['16 levels', { name: '/a'.repeat(16), value: 'x', type: 'String' }, 'HierarchyLevelLimitExceededException', 'maximum of 15 levels'],
    ['no type on create', { name: 'untyped', value: 'x' }, 'ValidationException', 'A parameter type is required'],
    ['a nested reference', { name: 'nested', value: '{{ssm:other}}', type: 'String' }, 'ValidationException', 'can\'t nest another parameter'],
    ['a value failing AllowedPattern', { name: 'port', value: '80a', type: 'String', allowedPattern: '^\\d+$' }, 'ParameterPatternMismatchException', 'cannot be validated against allowedPattern: ^\\d+$'],
    ['a broken AllowedPattern', { name: 'port', value: '80', type: 'String', allowedPattern: '(' }, 'InvalidAllowedPatternException', 'not a valid regular expression'],
    ['tags with overwrite', { name: 'tagged', value: 'x', type: 'String', overwrite: true, hasTags: true }, 'ValidationException', "tags and overwrite can't be used together"],
    ['5 KB in the Standard tier', { name: 'big', value: 'x'.repeat(5000), type: 'String', tier: 'Standard' }, 'ValidationException', 'maximum parameter value of 4096'],
  ])('refuses %s', (_case, request, code, message) => {
    const failure = awsFailure(() => store().store.put(request));
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(message);
  });

  it('keeps the AllowedPattern for later versions and stores big values in the Advanced tier', () => {
    const { store: s } = store();
    s.put({ name: 'port', value: '80', type: 'String', allowedPattern: '^\\d+$' });
    expect(awsFailure(() => s.put({ name: 'port', value: 'eighty', overwrite: true })).code).toBe('ParameterPatternMismatchException');
    expect(s.put({ name: 'big', value: 'x'.repeat(5000), type: 'String' }).Tier).toBe('Advanced');
  });
});

describe('ParameterStore.referenceValue ({{ssm:name}} in documents)', () => {
  it('resolves String parameters and versions, knows nothing of missing ones, and refuses SecureStrings', () => {
    const { store: s } = store();
    s.put({ name: '/web/service', value: 'nginx', type: 'String' });
    s.put({ name: '/web/service', value: 'httpd', overwrite: true });
    s.put({ name: '/web/secret', value: 'hunter2', type: 'SecureString' });
    expect(s.referenceValue('/web/service')).toBe('httpd');
    expect(s.referenceValue('/web/service:1')).toBe('nginx');
    expect(s.referenceValue('/web/absent')).toBeUndefined();
    expect(() => s.referenceValue('/web/secret')).toThrow(/SecureString parameter/);
  });
});
