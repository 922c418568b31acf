import { describe, expect, it } from 'vitest';
import type { DocumentDetail, DocumentParameter } from '../../../../preload/contract/commands';
import { checkAgainstDocument } from '../../../../main/runbooks/runbook-document-check';
import { parseRunbook } from '../../../../main/runbooks/runbook-parser';

const parameter = (name: string, overrides: Partial<DocumentParameter> = {}): DocumentParameter => ({
  name,
  type: 'String',
  description: `${name} (document)`,
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

// Shaped like AWS-RunPatchBaseline: a required choice, an optional one.
const patchBaseline: DocumentDetail = {
  name: 'AWS-RunPatchBaseline',
  owner: 'Amazon',
  documentType: 'Command',
  platformTypes: ['Windows', 'Linux'],
  description: '',
  version: '1',
  schemaVersion: '2.2',
  steps: ['PatchWindows', 'PatchLinux'],
  parameters: [
    parameter('Operation', { allowedValues: ['Scan', 'Install'] }),
    parameter('RebootOption', { allowedValues: ['RebootIfNeeded', 'NoReboot'], default: 'RebootIfNeeded' }),
    parameter('SnapshotId', { default: '', allowedPattern: '(^$)|^[a-f0-9-]{36}$' }),
  ],
};

function definition(body: string) {
  const parsed = parseRunbook(`name: Patch\ndescription: d\ndocument: AWS-RunPatchBaseline\ntargets: { kind: chosen }\n${body}`);
  expect(parsed.problems).toEqual([]);
  return parsed.definition!;
}

describe('a runbook checked against the live document', () => {
  it('passes when every parameter is declared and narrowed, and builds the form from both', () => {
    const result = checkAgainstDocument(definition('parameters:\n  RebootOption: { label: Reboot, allowedValues: [NoReboot] }\nfixed: { Operation: Install }'), patchBaseline);
    expect(result.problems).toEqual([]);
    expect(result.parameters).toEqual([
      expect.objectContaining({ name: 'RebootOption', label: 'Reboot', type: 'String', description: 'RebootOption (document)', allowedValues: ['NoReboot'], default: 'RebootIfNeeded' }),
    ]);
  });

  const cases = [
    { name: 'a parameter the document does not declare', body: 'parameters:\n  Reboot: { allowedValues: [NoReboot] }\nfixed: { Operation: Scan }', field: 'parameters.Reboot', message: /has no parameter "Reboot"; its parameters are Operation, RebootOption, SnapshotId/ },
    { name: 'a fixed parameter the document does not declare', body: 'fixed: { Operation: Scan, Mode: fast }', field: 'fixed.Mode', message: /has no parameter "Mode"/ },
    { name: 'a fixed value the document refuses', body: 'fixed: { Operation: Remove }', field: 'fixed.Operation', message: /the document refuses this value — Operation: choose one of Scan, Install/ },
    { name: 'a required document parameter left uncovered', body: 'parameters:\n  RebootOption: { allowedValues: [NoReboot] }', field: 'parameters', message: /requires "Operation"; add it under parameters/ },
    { name: 'an allowed value the document does not accept', body: 'parameters:\n  Operation: { allowedValues: [Scan, Uninstall] }', field: 'parameters.Operation.allowedValues[1]', message: /"Uninstall" is not accepted by the document/ },
    { name: 'a pattern that accepts none of the document’s values', body: 'parameters:\n  Operation: { allowedPattern: "[a-z]+" }', field: 'parameters.Operation.allowedPattern', message: /accepts none of the document's values/ },
    { name: 'a default the document refuses', body: 'parameters:\n  SnapshotId: { allowedPattern: "[a-z]+", default: abc }\nfixed: { Operation: Scan }', field: 'parameters.SnapshotId.default', message: /"abc" is not accepted by the document/ },
    { name: 'a platform the document does not run on', body: 'platforms: [MacOS]\nfixed: { Operation: Scan }', field: 'platforms', message: /does not run on MacOS/ },
  ];

  it.each(cases)('reports $name at its field', ({ body, field, message }) => {
    const { problems } = checkAgainstDocument(definition(body), patchBaseline);
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('offers as a list what a runbook pattern leaves of a document’s list', () => {
    const { parameters } = checkAgainstDocument(definition('parameters:\n  Operation: { allowedPattern: "Sc.*" }'), patchBaseline);
    expect(parameters[0]).toMatchObject({ allowedValues: ['Scan'], allowedPattern: 'Sc.*' });
  });

  it('refuses an Automation document', () => {
    const { problems } = checkAgainstDocument(definition('fixed: { Operation: Scan }'), { ...patchBaseline, documentType: 'Automation' });
    expect(problems).toEqual([{ field: 'document', message: 'AWS-RunPatchBaseline is an Automation document; runbooks run Command documents.' }]);
  });
});
