import type { CommandOptions, CommandParameters, DocumentParameter, FieldError, TargetSelection } from '../../../../preload/contract/commands';
import { commandLimits, maxConcurrencySchema, maxErrorsSchema } from '../../../../preload/contract/commands';
import { instanceIdSchema } from '../../../../preload/contract/sessions';

/** A parameter as typed: text for inputs, selects and textareas (one value per line), a flag for Boolean. */
export type ParameterValue = string | boolean;

/** One row of the tag query builder: a key and its values, comma-separated as typed. */
export interface TagRow {
  key: string;
  values: string;
}

/** How the operator names the nodes: what they came with, a tag query, or pasted instance ids. */
export type TargetMode = 'preset' | 'tags' | 'ids';

/** Everything the Run Command form holds; kept whole across errors and view switches. */
export interface CommandDraft {
  documentName: string | null;
  /** Typed values per document, so going back to a document finds what was typed for it. */
  values: Record<string, Record<string, ParameterValue>>;
  mode: TargetMode;
  preset: TargetSelection | null;
  tags: TagRow[];
  ids: string;
  maxConcurrency: string;
  maxErrors: string;
  timeoutSeconds: string;
  comment: string;
}

/** SSM's own defaults (ssm-api.md §4.3), except the delivery timeout: ten minutes, not an hour, for a console. */
export const NEW_DRAFT: CommandDraft = {
  documentName: null,
  values: {},
  mode: 'tags',
  preset: null,
  tags: [{ key: '', values: '' }],
  ids: '',
  maxConcurrency: '50',
  maxErrors: '0',
  timeoutSeconds: '600',
  comment: '',
};

/** Form-level fields that can carry an error besides the document's parameters. */
export type FormField = 'targets' | 'maxConcurrency' | 'maxErrors' | 'timeoutSeconds' | 'comment';

function defaultText(parameter: DocumentParameter): string {
  if (parameter.default === null) return '';
  return Array.isArray(parameter.default) ? parameter.default.join('\n') : parameter.default;
}

/** The value a field starts with: the document's default, else empty (a Boolean starts unticked). */
export function initialValue(parameter: DocumentParameter): ParameterValue {
  if (parameter.type === 'Boolean') return defaultText(parameter).toLowerCase() === 'true';
  return defaultText(parameter);
}

/** Text areas for lists and for parameters the document marks as textarea; inputs otherwise. */
export function isMultiline(parameter: DocumentParameter): boolean {
  return parameter.type === 'StringList' || parameter.type === 'MapList' || parameter.displayType === 'textarea';
}

/** A list typed one value per line: surrounding blank lines dropped, the rest kept as typed (scripts indent). */
export function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

/**
 * The parameters as SSM takes them. An empty field is left out, so SSM applies the document's
 * default (the field shows that default as its placeholder) and a required one is reported missing.
 */
export function toParameters(parameters: ReadonlyArray<DocumentParameter>, typed: Record<string, ParameterValue> | undefined): CommandParameters {
  const result: CommandParameters = {};
  for (const parameter of parameters) {
    const value = typed?.[parameter.name] ?? initialValue(parameter);
    if (typeof value === 'boolean') {
      result[parameter.name] = [value ? 'true' : 'false'];
    } else if (parameter.type === 'StringList') {
      const lines = linesOf(value);
      if (lines.length > 0) result[parameter.name] = lines;
    } else if (value !== '') {
      result[parameter.name] = [value];
    }
  }
  return result;
}

/** Instance ids pasted in any shape (lines, commas, spaces), each once, in the order given. */
export function parseInstanceIds(text: string): { ids: string[]; invalid: string[] } {
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== '');
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    if (!instanceIdSchema.safeParse(token).success) invalid.push(token);
    else if (!ids.includes(token)) ids.push(token);
  }
  return { ids, invalid };
}

/** A target problem the operator must fix, as a message key and its values. */
export interface TargetProblem {
  key: string;
  values?: Record<string, string | number>;
}

/** The targets the draft names, or what is wrong with them. Never the whole fleet by default. */
export function targetsOf(draft: CommandDraft): { targets: TargetSelection } | { problem: TargetProblem } {
  if (draft.mode === 'preset') {
    return draft.preset ? { targets: draft.preset } : { problem: { key: 'noPreset' } };
  }
  if (draft.mode === 'ids') {
    const { ids, invalid } = parseInstanceIds(draft.ids);
    if (invalid.length > 0) return { problem: { key: 'badIds', values: { ids: invalid.slice(0, 3).join(', '), count: invalid.length } } };
    if (ids.length === 0) return { problem: { key: 'noIds' } };
    if (ids.length > commandLimits.maxNodesPerJob) return { problem: { key: 'tooManyIds', values: { max: commandLimits.maxNodesPerJob } } };
    return { targets: { kind: 'nodes', instanceIds: ids } };
  }
  const filters = [];
  for (const row of draft.tags) {
    const key = row.key.trim();
    const values = [...new Set(row.values.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
    if (key === '' && values.length === 0) continue;
    if (key === '') return { problem: { key: 'tagKeyMissing' } };
    if (values.length === 0) return { problem: { key: 'tagValuesMissing', values: { key } } };
    if (values.length > commandLimits.tagValues) return { problem: { key: 'tooManyTagValues', values: { key, max: commandLimits.tagValues } } };
    filters.push({ key, values });
  }
  if (filters.length === 0) return { problem: { key: 'noTags' } };
  if (filters.length > commandLimits.tagFilters) return { problem: { key: 'tooManyTags', values: { max: commandLimits.tagFilters } } };
  return { targets: { kind: 'tags', filters } };
}

/** The rate and timeout options as SSM takes them, or each field's problem as a message key. */
export function optionsOf(draft: CommandDraft): { options: CommandOptions | null; problems: Partial<Record<FormField, string>> } {
  const problems: Partial<Record<FormField, string>> = {};
  if (!maxConcurrencySchema.safeParse(draft.maxConcurrency.trim()).success) problems.maxConcurrency = 'maxConcurrency';
  if (!maxErrorsSchema.safeParse(draft.maxErrors.trim()).success) problems.maxErrors = 'maxErrors';
  const timeout = Number(draft.timeoutSeconds.trim());
  const timeoutOk = /^\d+$/.test(draft.timeoutSeconds.trim()) && timeout >= commandLimits.minTimeoutSeconds && timeout <= commandLimits.maxTimeoutSeconds;
  if (!timeoutOk) problems.timeoutSeconds = 'timeoutSeconds';
  if (draft.comment.length > commandLimits.comment) problems.comment = 'comment';
  if (Object.keys(problems).length > 0) return { options: null, problems };
  return {
    options: { maxConcurrency: draft.maxConcurrency.trim(), maxErrors: draft.maxErrors.trim(), timeoutSeconds: timeout, comment: draft.comment },
    problems,
  };
}

/** Field errors by field name, the first message of each (local checks first, then main's). */
export function errorsByField(...lists: ReadonlyArray<ReadonlyArray<FieldError>>): Map<string, string> {
  const byField = new Map<string, string>();
  for (const list of lists) for (const error of list) if (!byField.has(error.field)) byField.set(error.field, error.message);
  return byField;
}
