import { describe, expect, it } from 'vitest';
import type { RunbookParameter } from '../../../../../../preload/contract/runbooks';
import { initialDraft, isDirty, toCommandParameters } from '../../../../../../renderer/src/features/runbooks/runbook-drafts';

function parameter(name: string, extra: Partial<RunbookParameter> = {}): RunbookParameter {
  return {
    name,
    label: name,
    type: 'String',
    description: '',
    default: null,
    allowedValues: null,
    allowedPattern: '^[a-z]+$',
    displayType: 'textfield',
    minItems: null,
    maxItems: null,
    minChars: null,
    maxChars: null,
    ...extra,
  };
}

const parameters = [parameter('serviceName', { default: 'nginx' }), parameter('paths', { type: 'StringList', default: ['/var/log', '/tmp'] }), parameter('note')];

describe('initialDraft and isDirty', () => {
  it('opens with each default; a StringList default is one value per line', () => {
    expect(initialDraft(parameters).values).toEqual({ serviceName: 'nginx', paths: '/var/log\n/tmp', note: '' });
  });

  it('is dirty only once the operator typed something: a value, a tag query or ids', () => {
    const fresh = initialDraft(parameters);
    expect(isDirty(fresh, parameters)).toBe(false);
    expect(isDirty({ ...fresh, touched: ['note'] }, parameters)).toBe(false);
    expect(isDirty({ ...fresh, values: { ...fresh.values, note: 'x' } }, parameters)).toBe(true);
    expect(isDirty({ ...fresh, tagText: 'Role=web' }, parameters)).toBe(true);
    expect(isDirty({ ...fresh, idsText: ' i-0123456789abcdef0 ' }, parameters)).toBe(true);
  });
});

describe('toCommandParameters', () => {
  it('sends every value as SSM takes it, a StringList line by line without blank lines', () => {
    expect(toCommandParameters(parameters, { serviceName: 'httpd', paths: ' /var/log/nginx \n\n/opt/app/logs\n', note: 'hello' })).toEqual({
      serviceName: ['httpd'],
      paths: ['/var/log/nginx', '/opt/app/logs'],
      note: ['hello'],
    });
  });

  it('leaves an empty field out, so the default applies or "required" names it', () => {
    expect(toCommandParameters(parameters, { serviceName: '', paths: ' \n ', note: '' })).toEqual({});
  });

  it('never splits or trims a single value: what was typed is what the checks see', () => {
    expect(toCommandParameters(parameters, { serviceName: ' nginx; rm -rf / ', paths: '', note: '' })).toEqual({ serviceName: [' nginx; rm -rf / '] });
  });
});
