import { isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { commandLimits, documentNameSchema, documentVersionSchema, type CommandParameters } from '../../preload/contract/commands';
import type { RunbookGuardrails, RunbookTargets } from '../../preload/contract/runbooks';
import { instanceIdSchema } from '../../preload/contract/sessions';
import {
  defaultGuardrails,
  guardrailKeys,
  hoursKeys,
  parameterKeys,
  platformNames,
  runbookKeys,
  targetKinds,
  type RunbookDefinition,
  type RunbookParameterRule,
} from './runbook-definition';
import { maxConcurrencyProblem, maxErrorsProblem, parseClock, patternProblem, timeZoneProblem, wholeValueRegex } from './runbook-rules';
import { join, YamlReader, type FileProblem, type MapEntry } from './yaml-reader';

/** The outcome of checking one file: a definition only when it has no problem at all. */
export interface ParsedRunbook {
  definition: RunbookDefinition | null;
  problems: FileProblem[];
  /** Line and column of each field seen, for problems found later against the live document. */
  places: ReadonlyMap<string, { line: number; column: number }>;
}

const parameterNamePattern = /^[A-Za-z0-9_.-]{1,50}$/;

/** Parses and checks a runbook file's text; every problem names its line, column and field. */
export function parseRunbook(text: string): ParsedRunbook {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const reader = new YamlReader(lineCounter);
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      reader.problems.push({ line, column: col, field: null, message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return { definition: null, problems: reader.problems, places: reader.places };
  }
  const root = document.contents as Node | null;
  const entries = reader.map(root, '', runbookKeys, 'a runbook: a mapping with name, description, document, targets…');
  if (!entries) return { definition: null, problems: reader.problems, places: reader.places };

  const name = readRequiredText(reader, entries, root, 'name', 'name: Restart a service', 80);
  const description = readRequiredText(reader, entries, root, 'description', 'description: What it does, in one sentence', 300);
  const category = optional(entries, 'category', (node) => reader.text(node, 'category', { max: 40 })) ?? 'General';
  const documentName = readRequiredText(reader, entries, root, 'document', 'document: Capstan-RestartService', 128);
  if (documentName !== null && !documentNameSchema.safeParse(documentName).success) {
    reader.report(entries.get('document')?.value, 'document', `"${documentName}" is not a document name: 3–128 letters, digits or _ - . : /.`);
  }
  const documentVersion = optional(entries, 'documentVersion', (node) => {
    const value = reader.text(node, 'documentVersion', { scalars: true });
    if (value !== null && !documentVersionSchema.safeParse(value).success) reader.report(node, 'documentVersion', `"${value}" is not a version: use $DEFAULT, $LATEST or a number.`);
    return value;
  });
  const platforms = optional(entries, 'platforms', (node) => readPlatforms(reader, node)) ?? [];
  const parameters = optional(entries, 'parameters', (node) => readParameters(reader, node)) ?? [];
  const fixed = optional(entries, 'fixed', (node) => readFixed(reader, node)) ?? {};
  for (const rule of parameters) {
    if (Object.hasOwn(fixed, rule.name)) reader.report(entries.get('fixed')?.value, `fixed.${rule.name}`, `"${rule.name}" is both a parameter and fixed; keep it in one of them.`);
  }
  const targetsEntry = reader.required(entries, root, '', 'targets', 'targets: { kind: chosen }');
  const targets = targetsEntry ? readTargets(reader, targetsEntry.value) : null;
  const guardrails = optional(entries, 'guardrails', (node) => readGuardrails(reader, node)) ?? { ...defaultGuardrails };

  const complete = name !== null && description !== null && documentName !== null && targets !== null;
  const definition: RunbookDefinition | null =
    complete && reader.problems.length === 0
      ? { name, description, category, documentName, documentVersion: documentVersion ?? undefined, platforms, parameters, fixed, targets, guardrails }
      : null;
  return { definition, problems: reader.problems, places: reader.places };
}

function optional<T>(entries: Map<string, MapEntry>, key: string, read: (node: Node | null) => T | null): T | null {
  const entry = entries.get(key);
  return entry ? read(entry.value) : null;
}

function readRequiredText(reader: YamlReader, entries: Map<string, MapEntry>, root: Node | null, key: string, example: string, max: number): string | null {
  const entry = reader.required(entries, root, '', key, example);
  if (!entry) return null;
  const value = reader.text(entry.value, key, { max });
  return value === null ? null : value.trim();
}

function readPlatforms(reader: YamlReader, node: Node | null): string[] | null {
  const values = reader.textList(node, 'platforms');
  if (!values) return null;
  values.forEach((value, index) => {
    if (!(platformNames as readonly string[]).includes(value)) reader.report(node, `platforms[${index}]`, `"${value}" is not a platform: use ${platformNames.join(', ')}.`);
  });
  return values;
}

function readParameters(reader: YamlReader, node: Node | null): RunbookParameterRule[] | null {
  const entries = reader.map(node, 'parameters', null, 'a mapping of document parameter names to their rules');
  if (!entries) return null;
  const rules: RunbookParameterRule[] = [];
  for (const [name, entry] of entries) {
    const field = `parameters.${name}`;
    if (!parameterNamePattern.test(name)) reader.report(entry.key, field, `"${name}" is not a parameter name: 1–50 letters, digits or _ . -.`);
    const before = reader.problems.length;
    const keys = reader.map(entry.value, field, parameterKeys, 'a mapping with label, allowedValues or allowedPattern, default');
    if (!keys) continue;
    // A misspelt key (allowedPatern) is already reported; saying the rule is missing too is noise.
    const misspelt = reader.problems.length > before;
    const read = <T>(key: string, fn: (value: Node | null, path: string) => T | null): T | null => {
      const found = keys.get(key);
      return found ? fn(found.value, join(field, key)) : null;
    };
    const label = read('label', (value, path) => reader.text(value, path, { max: 60 }));
    const description = read('description', (value, path) => reader.text(value, path, { max: 300 }));
    const allowedValues = read('allowedValues', (value, path) => reader.textList(value, path, { scalars: true, max: commandLimits.parameterValueChars }));
    if (allowedValues?.length === 0) reader.report(keys.get('allowedValues')?.value, `${field}.allowedValues`, 'is an empty list; give at least one value.');
    const allowedPattern = read('allowedPattern', (value, path) => {
      const pattern = reader.text(value, path);
      const problem = pattern === null ? null : patternProblem(pattern);
      if (problem) reader.report(value, path, problem);
      return problem ? null : pattern;
    });
    if (!keys.has('allowedValues') && !keys.has('allowedPattern') && !misspelt) {
      reader.report(entry.key, field, 'free-text parameter needs allowedValues or allowedPattern (what the operator types is sent to the nodes).');
    }
    const defaultValue = read('default', (value, path) => readValues(reader, value, path));
    if (defaultValue) checkDefault(reader, keys.get('default')?.value ?? null, `${field}.default`, defaultValue, allowedValues, allowedPattern);
    rules.push({ name, label, description, allowedValues, allowedPattern, default: defaultValue });
  }
  return rules;
}

function checkDefault(reader: YamlReader, node: Node | null, field: string, values: string[], allowed: string[] | null, pattern: string | null): void {
  for (const value of values) {
    if (allowed && !allowed.includes(value)) reader.report(node, field, `"${value}" is not one of its allowedValues (${allowed.join(', ')}).`);
    else if (pattern && !wholeValueRegex(pattern).test(value)) reader.report(node, field, `"${value}" does not match its allowedPattern ${pattern}.`);
  }
}

/** A value as SSM takes it: one text, or a list of texts for StringList parameters. */
function readValues(reader: YamlReader, node: Node | null, field: string): string[] | null {
  if (isSeq(node)) return reader.textList(node, field, { scalars: true, max: commandLimits.parameterValueChars });
  const value = reader.text(node, field, { scalars: true, max: commandLimits.parameterValueChars });
  return value === null ? null : [value];
}

function readFixed(reader: YamlReader, node: Node | null): CommandParameters | null {
  const entries = reader.map(node, 'fixed', null, 'a mapping of document parameter names to the values the runbook pins');
  if (!entries) return null;
  const fixed: CommandParameters = {};
  for (const [name, entry] of entries) {
    if (!parameterNamePattern.test(name)) reader.report(entry.key, `fixed.${name}`, `"${name}" is not a parameter name: 1–50 letters, digits or _ . -.`);
    const values = readValues(reader, entry.value, `fixed.${name}`);
    if (values) fixed[name] = values;
  }
  return fixed;
}

function readTargets(reader: YamlReader, node: Node | null): RunbookTargets | null {
  const entries = reader.map(node, 'targets', ['kind', 'filters', 'instanceIds'], 'a mapping such as { kind: chosen }');
  if (!entries) return null;
  const kindEntry = reader.required(entries, node, 'targets', 'kind', 'kind: chosen (or tags, or nodes)');
  const kind = kindEntry ? reader.text(kindEntry.value, 'targets.kind') : null;
  if (kind === null) return null;
  const unexpected = (key: string) => {
    if (entries.has(key)) reader.report(entries.get(key)?.key, `targets.${key}`, `is not used with kind ${kind}; remove it.`);
  };
  switch (kind) {
    case 'chosen':
      unexpected('filters');
      unexpected('instanceIds');
      return { kind };
    case 'nodes': {
      unexpected('filters');
      const entry = reader.required(entries, node, 'targets', 'instanceIds', 'instanceIds: [i-0123456789abcdef0]');
      const ids = entry ? reader.textList(entry.value, 'targets.instanceIds') : null;
      if (!ids) return null;
      if (ids.length === 0 || ids.length > commandLimits.maxNodesPerJob) reader.report(entry?.value, 'targets.instanceIds', `needs 1 to ${commandLimits.maxNodesPerJob} node ids.`);
      ids.forEach((id, index) => {
        if (!instanceIdSchema.safeParse(id).success) reader.report(entry?.value, `targets.instanceIds[${index}]`, `"${id}" is not a node id (i-… or mi-…).`);
      });
      if (new Set(ids).size !== ids.length) reader.report(entry?.value, 'targets.instanceIds', 'lists a node twice.');
      return { kind, instanceIds: ids };
    }
    case 'tags': {
      unexpected('instanceIds');
      const entry = reader.required(entries, node, 'targets', 'filters', 'filters: [{ key: Role, values: [web] }]');
      const items = entry ? reader.sequence(entry.value, 'targets.filters') : null;
      if (!items) return null;
      if (items.length === 0 || items.length > commandLimits.tagFilters) reader.report(entry?.value, 'targets.filters', `needs 1 to ${commandLimits.tagFilters} tag filters.`);
      const filters = items.map((item, index) => readTagFilter(reader, item, `targets.filters[${index}]`));
      return filters.every((f) => f !== null) ? { kind, filters } : null;
    }
    default:
      reader.report(kindEntry?.value, 'targets.kind', `"${kind}" is not a target kind: use ${targetKinds.join(', ')}.`);
      return null;
  }
}

function readTagFilter(reader: YamlReader, node: Node | null, field: string): { key: string; values: string[] } | null {
  const entries = reader.map(node, field, ['key', 'values'], 'a mapping such as { key: Role, values: [web] }');
  if (!entries) return null;
  const keyEntry = reader.required(entries, node, field, 'key', 'key: Role');
  const key = keyEntry ? reader.text(keyEntry.value, `${field}.key`, { max: 128 }) : null;
  const valuesEntry = reader.required(entries, node, field, 'values', 'values: [web]');
  const values = valuesEntry ? reader.textList(valuesEntry.value, `${field}.values`, { scalars: true, max: 256 }) : null;
  if (values && (values.length === 0 || values.length > commandLimits.tagValues)) reader.report(valuesEntry?.value, `${field}.values`, `needs 1 to ${commandLimits.tagValues} tag values.`);
  return key !== null && values !== null ? { key, values } : null;
}

function readGuardrails(reader: YamlReader, node: Node | null): RunbookGuardrails | null {
  const entries = reader.map(node, 'guardrails', guardrailKeys, 'a mapping such as { confirm: click, maxConcurrency: "10%" }');
  if (!entries) return null;
  const result: RunbookGuardrails = { ...defaultGuardrails };
  const value = (key: string) => entries.get(key)?.value ?? null;
  if (entries.has('confirm')) {
    const confirm = reader.text(value('confirm'), 'guardrails.confirm');
    if (confirm === 'click' || confirm === 'typed-name') result.confirm = confirm;
    else if (confirm !== null) reader.report(value('confirm'), 'guardrails.confirm', `"${confirm}" is not a confirmation: use click or typed-name.`);
  }
  const cap = (key: 'maxConcurrency' | 'maxErrors', check: (text: string) => string | null) => {
    if (!entries.has(key)) return;
    const text = reader.text(value(key), `guardrails.${key}`, { scalars: true });
    const problem = text === null ? null : check(text);
    if (problem) reader.report(value(key), `guardrails.${key}`, problem);
    else if (text !== null) result[key] = text;
  };
  cap('maxConcurrency', maxConcurrencyProblem);
  cap('maxErrors', maxErrorsProblem);
  if (entries.has('timeoutSeconds')) {
    const timeout = reader.integer(value('timeoutSeconds'), 'guardrails.timeoutSeconds', commandLimits.minTimeoutSeconds, commandLimits.maxTimeoutSeconds);
    if (timeout !== null) result.timeoutSeconds = timeout;
  }
  if (entries.has('canary')) {
    const canary = reader.boolean(value('canary'), 'guardrails.canary');
    if (canary !== null) result.canary = canary;
  }
  if (entries.has('allowedHours')) result.allowedHours = readHours(reader, value('allowedHours'));
  return result;
}

function readHours(reader: YamlReader, node: Node | null): RunbookGuardrails['allowedHours'] {
  const field = 'guardrails.allowedHours';
  const entries = reader.map(node, field, hoursKeys, 'a mapping such as { from: "22:00", to: "06:00", timeZone: local }');
  if (!entries) return null;
  const clock = (key: 'from' | 'to') => {
    const entry = reader.required(entries, node, field, key, `${key}: "HH:MM"`);
    const text = entry ? reader.text(entry.value, `${field}.${key}`) : null;
    if (text !== null && parseClock(text) === null) reader.report(entry?.value, `${field}.${key}`, `"${text}" is not a time of day: use HH:MM on a 24-hour clock, such as 06:30 or 22:00.`);
    return text;
  };
  const from = clock('from');
  const to = clock('to');
  const zoneEntry = entries.get('timeZone');
  const timeZone = zoneEntry ? reader.text(zoneEntry.value, `${field}.timeZone`) : 'local';
  const zoneProblem = timeZone === null ? null : timeZoneProblem(timeZone);
  if (zoneProblem) reader.report(zoneEntry?.value, `${field}.timeZone`, zoneProblem);
  if (from !== null && to !== null && from === to) reader.report(node, field, `from and to are both ${from}; leave allowedHours out to allow any time.`);
  return from !== null && to !== null && timeZone !== null ? { from, to, timeZone } : null;
}
