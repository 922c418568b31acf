import { describe, expect, it } from 'vitest';
import { parseDocumentContent } from '../../../../main/commands/document-content';

describe('parseDocumentContent', () => {
  it('reads a schema 1.2 document: parameters in order, plugins as steps, defaults as strings', () => {
    const parsed = parseDocumentContent(
      'AWS-RunShellScript',
      JSON.stringify({
        schemaVersion: '1.2',
        description: 'Run a shell script.',
        parameters: {
          commands: { type: 'StringList', description: 'Commands', minItems: 1, displayType: 'textarea' },
          workingDirectory: { type: 'String', default: '', maxChars: 4096 },
          executionTimeout: { type: 'String', default: '3600', allowedPattern: '([1-9][0-9]{0,4})' },
        },
        runtimeConfig: { 'aws:runShellScript': { properties: [{ id: '0.aws:runShellScript' }] } },
        somethingNew: { tolerated: true },
      }),
    );
    expect(parsed.schemaVersion).toBe('1.2');
    expect(parsed.steps).toEqual(['aws:runShellScript']);
    expect(parsed.parameters.map((p) => [p.name, p.type, p.default, p.displayType])).toEqual([
      ['commands', 'StringList', null, 'textarea'],
      ['workingDirectory', 'String', '', 'textfield'],
      ['executionTimeout', 'String', '3600', 'textfield'],
    ]);
    expect(parsed.parameters[0]!.minItems).toBe(1);
  });

  it('reads a schema 2.2 document: step names from mainSteps, Integer defaults as text', () => {
    const parsed = parseDocumentContent(
      'Capstan-RotateLogs',
      JSON.stringify({
        schemaVersion: '2.2',
        parameters: { olderThanDays: { type: 'Integer', default: 7 }, lines: { type: 'String', allowedValues: ['100', '500'] } },
        mainSteps: [{ action: 'aws:runShellScript', name: 'rotate' }, { action: 'aws:runPowerShellScript', name: 'rotateWindows' }],
      }),
    );
    expect(parsed.steps).toEqual(['rotate', 'rotateWindows']);
    expect(parsed.parameters[0]).toMatchObject({ name: 'olderThanDays', type: 'Integer', default: '7' });
    expect(parsed.parameters[1]!.allowedValues).toEqual(['100', '500']);
  });

  it('names the document and the parameter when the content is wrong', () => {
    expect(() => parseDocumentContent('Broken', '{not json')).toThrow(/Document Broken has content that is not valid JSON/);
    expect(() => parseDocumentContent('Odd', JSON.stringify({ parameters: { x: { type: 'Number' } } }))).toThrow(/Document Odd: parameter x has type "Number"/);
  });
});
