import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../../main/runbooks/runbook-parser';

// A valid runbook; each broken case below changes one thing in it and must be reported at the
// line (and column) of that thing, under the right field.
const GOOD = `name: Restart web
description: Restarts the web server.
category: Recovery
document: Capstan-RestartService
parameters:
  serviceName:
    label: Service
    allowedValues: [nginx, httpd]
    default: nginx
targets: { kind: chosen }
guardrails:
  confirm: click
  maxConcurrency: "10%"
  maxErrors: 0
  timeoutSeconds: 600
  canary: true
`;

function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines.splice(line - 1, 1, ...replacement.split('\n'));
  return lines.join('\n');
}

describe('runbook schema check', () => {
  it('accepts the good example with every value typed as SSM takes it', () => {
    const parsed = parseRunbook(GOOD);
    expect(parsed.problems).toEqual([]);
    expect(parsed.definition).toMatchObject({
      name: 'Restart web',
      documentName: 'Capstan-RestartService',
      parameters: [{ name: 'serviceName', label: 'Service', allowedValues: ['nginx', 'httpd'], allowedPattern: null, default: ['nginx'] }],
      fixed: {},
      targets: { kind: 'chosen' },
      guardrails: { confirm: 'click', maxConcurrency: '10%', maxErrors: '0', timeoutSeconds: 600, canary: true, allowedHours: null },
    });
  });

  it('fills left-out guardrails with the cautious defaults', () => {
    const parsed = parseRunbook(GOOD.split('guardrails:')[0]!);
    expect(parsed.definition?.guardrails).toEqual({ confirm: 'click', maxConcurrency: '1', maxErrors: '0', timeoutSeconds: 600, allowedHours: null, canary: true });
  });

  const broken: Array<{ name: string; edit: (text: string) => string; line: number | null; column?: number; field: string | null; message: RegExp }> = [
    { name: 'a YAML syntax error', edit: (t) => replaceLine(t, 8, '    allowedValues: [nginx, httpd'), line: 9, field: null, message: /^YAML syntax: .*\]/ },
    { name: 'a duplicated key', edit: (t) => replaceLine(t, 3, 'category: Recovery\nname: Again'), line: 4, field: null, message: /^YAML syntax: Map keys must be unique/ },
    { name: 'a misspelt key', edit: (t) => replaceLine(t, 8, '    allowedPatern: "^[a-z]+$"'), line: 8, column: 5, field: 'parameters.serviceName.allowedPatern', message: /did you mean "allowedPattern"\?/ },
    { name: 'a misspelt top-level key', edit: (t) => replaceLine(t, 4, 'documnet: Capstan-RestartService'), line: 4, column: 1, field: 'documnet', message: /did you mean "document"\?/ },
    { name: 'a free-text parameter without rules', edit: (t) => replaceLine(t, 8, '    description: any service'), line: 6, column: 3, field: 'parameters.serviceName', message: /free-text parameter needs allowedValues or allowedPattern/ },
    { name: 'a pattern with look-ahead', edit: (t) => replaceLine(t, 8, '    allowedPattern: "(?!rm)[a-z]+"'), line: 8, column: 21, field: 'parameters.serviceName.allowedPattern', message: /look-around/ },
    { name: 'a pattern with look-behind', edit: (t) => replaceLine(t, 8, "    allowedPattern: '(?<=x)y'"), line: 8, field: 'parameters.serviceName.allowedPattern', message: /look-around/ },
    { name: 'a pattern that is not a regex', edit: (t) => replaceLine(t, 8, '    allowedPattern: "[a-z"'), line: 8, field: 'parameters.serviceName.allowedPattern', message: /not a valid regular expression/ },
    { name: 'a default outside allowedValues', edit: (t) => replaceLine(t, 9, '    default: apache'), line: 9, column: 14, field: 'parameters.serviceName.default', message: /"apache" is not one of its allowedValues/ },
    { name: 'a missing document', edit: (t) => replaceLine(t, 4, ''), line: 1, column: 1, field: 'document', message: /is required — add document: / },
    { name: 'a bad document name', edit: (t) => replaceLine(t, 4, 'document: "restart service!"'), line: 4, column: 11, field: 'document', message: /is not a document name/ },
    { name: 'a number where text belongs', edit: (t) => replaceLine(t, 1, 'name: 42'), line: 1, column: 7, field: 'name', message: /must be text, but it is 42/ },
    { name: 'a list where a mapping belongs', edit: (t) => replaceLine(t, 10, 'targets: [chosen]'), line: 10, column: 10, field: 'targets', message: /must be a mapping such as \{ kind: chosen \}, but it is a list/ },
    { name: 'an unknown target kind', edit: (t) => replaceLine(t, 10, 'targets: { kind: everything }'), line: 10, field: 'targets.kind', message: /"everything" is not a target kind: use chosen, tags, nodes/ },
    { name: 'tag targets without filters', edit: (t) => replaceLine(t, 10, 'targets: { kind: tags }'), line: 10, field: 'targets.filters', message: /is required/ },
    { name: 'a malformed node id', edit: (t) => replaceLine(t, 10, 'targets: { kind: nodes, instanceIds: [web-01] }'), line: 10, field: 'targets.instanceIds[0]', message: /"web-01" is not a node id/ },
    { name: 'a bad MaxConcurrency', edit: (t) => replaceLine(t, 13, '  maxConcurrency: "0%"'), line: 13, column: 19, field: 'guardrails.maxConcurrency', message: /not a MaxConcurrency/ },
    { name: 'a bad MaxErrors', edit: (t) => replaceLine(t, 14, '  maxErrors: "101%"'), line: 14, field: 'guardrails.maxErrors', message: /not a MaxErrors/ },
    { name: 'a timeout below SSM’s minimum', edit: (t) => replaceLine(t, 15, '  timeoutSeconds: 5'), line: 15, field: 'guardrails.timeoutSeconds', message: /between 30 and 2592000; it is 5/ },
    { name: 'yes instead of true', edit: (t) => replaceLine(t, 16, '  canary: yes'), line: 16, column: 11, field: 'guardrails.canary', message: /must be true or false, but it is "yes"/ },
    { name: 'an unknown confirmation', edit: (t) => replaceLine(t, 12, '  confirm: twice'), line: 12, field: 'guardrails.confirm', message: /use click or typed-name/ },
    { name: 'a bad hour', edit: (t) => `${t}  allowedHours: { from: "24:00", to: "06:00" }\n`, line: 17, field: 'guardrails.allowedHours.from', message: /not a time of day/ },
    { name: 'a bad time zone', edit: (t) => `${t}  allowedHours: { from: "22:00", to: "06:00", timeZone: Mars/Olympus }\n`, line: 17, field: 'guardrails.allowedHours.timeZone', message: /not a time zone/ },
    { name: 'an empty window', edit: (t) => `${t}  allowedHours: { from: "22:00", to: "22:00" }\n`, line: 17, field: 'guardrails.allowedHours', message: /both 22:00/ },
    { name: 'a parameter also fixed', edit: (t) => `${t}fixed: { serviceName: nginx }\n`, line: 17, field: 'fixed.serviceName', message: /both a parameter and fixed/ },
    { name: 'a file that is not a mapping', edit: () => '- just\n- a list\n', line: 1, column: 1, field: null, message: /must be a runbook/ },
  ];

  it.each(broken)('names the line and field of $name', ({ edit, line, column, field, message }) => {
    const parsed = parseRunbook(edit(GOOD));
    expect(parsed.definition).toBeNull();
    const problem = parsed.problems.find((p) => message.test(p.message));
    expect(problem, JSON.stringify(parsed.problems)).toBeDefined();
    expect(problem!.line).toBe(line);
    if (column !== undefined) expect(problem!.column).toBe(column);
    expect(problem!.field).toBe(field);
  });

  it('reports every problem of a file at once, not only the first', () => {
    const text = replaceLine(replaceLine(GOOD, 16, '  canary: yes'), 13, '  maxConcurrency: lots');
    expect(parseRunbook(text).problems.map((p) => p.field)).toEqual(['guardrails.maxConcurrency', 'guardrails.canary']);
  });

  it('reports a misspelt rule once, not also as a missing rule', () => {
    const parsed = parseRunbook(replaceLine(GOOD, 8, '    allowedPatern: "^[a-z]+$"').replace('    default: nginx\n', ''));
    expect(parsed.problems).toEqual([
      { line: 8, column: 5, field: 'parameters.serviceName.allowedPatern', message: 'unknown key "allowedPatern" — did you mean "allowedPattern"?' },
    ]);
  });

  it('takes numbers in value lists as the strings SSM sends, but keeps booleans for canary', () => {
    const parsed = parseRunbook(replaceLine(GOOD, 8, '    allowedValues: [100, 500, 2000]').replace('default: nginx', 'default: 100'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.definition?.parameters[0]).toMatchObject({ allowedValues: ['100', '500', '2000'], default: ['100'] });
  });
});
