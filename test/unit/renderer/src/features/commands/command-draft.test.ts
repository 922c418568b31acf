import { describe, expect, it } from 'vitest';
import type { DocumentParameter } from '../../../../../../preload/contract/commands';
import { NEW_DRAFT, linesOf, optionsOf, parseInstanceIds, targetsOf, toParameters } from '../../../../../../renderer/src/features/commands/command-draft';

function parameter(patch: Partial<DocumentParameter> & Pick<DocumentParameter, 'name' | 'type'>): DocumentParameter {
  return {
    description: '',
    default: null,
    allowedValues: null,
    allowedPattern: null,
    displayType: 'textfield',
    minItems: null,
    maxItems: null,
    minChars: null,
    maxChars: null,
    ...patch,
  };
}

const runShell = [
  parameter({ name: 'commands', type: 'StringList', displayType: 'textarea' }),
  parameter({ name: 'workingDirectory', type: 'String', default: '' }),
  parameter({ name: 'executionTimeout', type: 'String', default: '3600' }),
];

describe('parameters as SSM takes them', () => {
  it('sends a list one value per line, keeps indentation, drops blank lines around it', () => {
    expect(linesOf('\n\nif true; then\n  echo hi\nfi\n\n')).toEqual(['if true; then', '  echo hi', 'fi']);
    expect(toParameters(runShell, { commands: 'echo hello\r\necho bye' })).toEqual({ commands: ['echo hello', 'echo bye'], executionTimeout: ['3600'] });
  });

  it('leaves an emptied field out, so SSM applies the default or reports a required one missing', () => {
    expect(toParameters(runShell, { commands: '  \n', executionTimeout: '' })).toEqual({});
  });

  it('sends a Boolean as "true" or "false", starting from its default', () => {
    const flag = [parameter({ name: 'reboot', type: 'Boolean', default: 'true' })];
    expect(toParameters(flag, undefined)).toEqual({ reboot: ['true'] });
    expect(toParameters(flag, { reboot: false })).toEqual({ reboot: ['false'] });
  });
});

describe('targets', () => {
  it('takes pasted ids in any layout, each once, and names what is not an id', () => {
    expect(parseInstanceIds('i-0123456789abcdef0, mi-0123456789abcdef0\ni-0123456789abcdef0')).toEqual({
      ids: ['i-0123456789abcdef0', 'mi-0123456789abcdef0'],
      invalid: [],
    });
    expect(parseInstanceIds('i-0123456789abcdef0 web-01').invalid).toEqual(['web-01']);
    expect(targetsOf({ ...NEW_DRAFT, mode: 'ids', ids: 'web-01' })).toEqual({ problem: { key: 'badIds', values: { ids: 'web-01', count: 1 } } });
  });

  it('never means the whole fleet: an empty tag query or id list is a problem, not "all nodes"', () => {
    expect(targetsOf(NEW_DRAFT)).toEqual({ problem: { key: 'noTags' } });
    expect(targetsOf({ ...NEW_DRAFT, mode: 'ids', ids: ' ' })).toEqual({ problem: { key: 'noIds' } });
    expect(targetsOf({ ...NEW_DRAFT, mode: 'preset' })).toEqual({ problem: { key: 'noPreset' } });
  });

  it('builds a tag query: rows AND, comma-separated values OR, half-filled rows named', () => {
    const draft = { ...NEW_DRAFT, tags: [{ key: ' Role ', values: 'web, api,web' }, { key: '', values: '' }, { key: 'Team', values: 'noc' }] };
    expect(targetsOf(draft)).toEqual({ targets: { kind: 'tags', filters: [{ key: 'Role', values: ['web', 'api'] }, { key: 'Team', values: ['noc'] }] } });
    expect(targetsOf({ ...NEW_DRAFT, tags: [{ key: 'Role', values: '' }] })).toEqual({ problem: { key: 'tagValuesMissing', values: { key: 'Role' } } });
    expect(targetsOf({ ...NEW_DRAFT, tags: [{ key: '', values: 'web' }] })).toEqual({ problem: { key: 'tagKeyMissing' } });
  });
});

describe('rate and timeout options', () => {
  it('accepts SSM forms and refuses the rest, field by field', () => {
    expect(optionsOf({ ...NEW_DRAFT, maxConcurrency: '10%', maxErrors: '0', timeoutSeconds: '30' }).options).toEqual({
      maxConcurrency: '10%',
      maxErrors: '0',
      timeoutSeconds: 30,
      comment: '',
    });
    const bad = optionsOf({ ...NEW_DRAFT, maxConcurrency: '0', maxErrors: '101%', timeoutSeconds: '29', comment: 'x'.repeat(101) });
    expect(bad.options).toBeNull();
    expect(Object.keys(bad.problems).sort()).toEqual(['comment', 'maxConcurrency', 'maxErrors', 'timeoutSeconds']);
  });
});
