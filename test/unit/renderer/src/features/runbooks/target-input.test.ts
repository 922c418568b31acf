import { describe, expect, it } from 'vitest';
import { describeTagFilters, parseInstanceIds, parseTagQuery } from '../../../../../../renderer/src/features/runbooks/target-input';

describe('parseTagQuery', () => {
  it('reads AND across semicolons and OR across commas, as SSM Targets do', () => {
    expect(parseTagQuery(' Role = web, api ; Environment=staging ')).toEqual({
      ok: true,
      targets: { kind: 'tags', filters: [{ key: 'Role', values: ['web', 'api'] }, { key: 'Environment', values: ['staging'] }] },
    });
  });

  it.each([
    ['', 'tagsEmpty'],
    [' ; ', 'tagsEmpty'],
    ['Role', 'tagShape'],
    ['=web', 'tagShape'],
    ['Role=', 'tagShape'],
    ['a=1;b=1;c=1;d=1;e=1;f=1', 'tooManyTags'],
    ['Role=a,b,c,d,e,f', 'tooManyValues'],
  ] as const)('refuses %j with %s', (text, key) => {
    const result = parseTagQuery(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.key).toBe(key);
  });

  it('names the clause that is not Key=value', () => {
    expect(parseTagQuery('Role=web; staging')).toEqual({ ok: false, error: { key: 'tagShape', values: { clause: 'staging' } } });
  });
});

describe('parseInstanceIds', () => {
  it('takes ids pasted from anywhere: spaces, commas, semicolons, new lines; duplicates once', () => {
    expect(parseInstanceIds('i-0123456789abcdef0, mi-0123456789abcdef1\ni-0123456789abcdef0;  i-01234567')).toEqual({
      ok: true,
      targets: { kind: 'nodes', instanceIds: ['i-0123456789abcdef0', 'mi-0123456789abcdef1', 'i-01234567'] },
    });
  });

  it('refuses anything that is not an instance id, naming the first and how many', () => {
    expect(parseInstanceIds('i-0123456789abcdef0 web-01 i-XYZ')).toEqual({ ok: false, error: { key: 'idsInvalid', values: { count: 2, first: 'web-01' } } });
    expect(parseInstanceIds('  \n ')).toEqual({ ok: false, error: { key: 'idsEmpty' } });
  });
});

describe('describeTagFilters', () => {
  it('reads as one line', () => {
    expect(describeTagFilters([{ key: 'Role', values: ['web'] }, { key: 'Team', values: ['ops', 'sre'] }])).toBe('Role=web · Team=ops,sre');
  });
});
