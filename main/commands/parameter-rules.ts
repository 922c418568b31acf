import type { CommandParameters, DocumentParameter, FieldError, PreviewNode, TargetPreview } from '../../preload/contract/commands';

// Pure on purpose: the renderer imports this module for the form, main runs it again before
// sending. No Node imports here.

// SSM matches allowedPattern with re2 against the whole value (ssm-api.md §4.3 notes, §4.4):
// re2 has no look-around or back-references, so a pattern using them is refused rather than
// accepted by JavaScript and then rejected by SSM.
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;
const SSM_REFERENCE = /^\{\{\s*ssm:[^{}]+\}\}$/;

/** Compiles a document's allowedPattern to match a whole value as SSM does; null when re2 would refuse it. */
export function compileAllowedPattern(pattern: string): RegExp | null {
  if (RE2_UNSUPPORTED.test(pattern)) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      return null;
    }
  }
}

/**
 * Checks form values against the document's parameters the way SendCommand checks them: names it
 * does not declare, required ones missing, type (Integer, Boolean, StringList…), allowedValues,
 * allowedPattern and min/max items and chars. One error per parameter, worded as what to fix.
 */
export function checkParameterValues(parameters: ReadonlyArray<DocumentParameter>, values: CommandParameters): FieldError[] {
  const errors: FieldError[] = [];
  const declared = new Map(parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      const known = parameters.map((p) => p.name).join(', ') || '(none)';
      errors.push({ field: name, message: `${name}: this document has no such parameter; its parameters are ${known}.` });
    }
  }
  for (const parameter of parameters) {
    const given = Object.hasOwn(values, parameter.name) ? values[parameter.name] : undefined;
    const problem = given === undefined ? missing(parameter) : checkOne(parameter, given);
    if (problem) errors.push({ field: parameter.name, message: `${parameter.name}: ${problem}` });
  }
  return errors;
}

function missing(parameter: DocumentParameter): string | null {
  return parameter.default === null ? 'required — enter a value.' : null;
}

function checkOne(parameter: DocumentParameter, given: ReadonlyArray<string>): string | null {
  const isList = parameter.type === 'StringList' || parameter.type === 'MapList';
  if (isList) {
    if (parameter.minItems !== null && given.length < parameter.minItems) {
      return `enter at least ${parameter.minItems} ${parameter.minItems === 1 ? 'line' : 'lines'}.`;
    }
    if (parameter.maxItems !== null && given.length > parameter.maxItems) return `enter at most ${parameter.maxItems} lines (now ${given.length}).`;
  } else {
    if (given.length === 0 || (given.length === 1 && given[0] === '' && parameter.default === null)) {
      return 'required — enter a value.';
    }
    if (given.length > 1) return `takes one value, not ${given.length}.`;
  }
  for (const [index, value] of given.entries()) {
    const where = isList && given.length > 1 ? `line ${index + 1}: ` : '';
    const problem = checkValue(parameter, value);
    if (problem) return where + problem;
  }
  return null;
}

function checkValue(parameter: DocumentParameter, value: string): string | null {
  if (parameter.type === 'Integer' && !/^-?[0-9]+$/.test(value)) return `enter a whole number ("${clip(value)}" is not one).`;
  if (parameter.type === 'Boolean' && value !== 'true' && value !== 'false') return 'choose true or false.';
  if (parameter.type === 'StringMap' || parameter.type === 'MapList') {
    if (!isJsonObject(value)) return 'enter a JSON object, like {"key": "value"}.';
  }
  // A Parameter Store reference is resolved by SSM at send time; its value is checked there.
  if (SSM_REFERENCE.test(value) && (parameter.type === 'String' || parameter.type === 'StringList')) return null;
  if (parameter.minChars !== null && value.length < parameter.minChars) return `enter at least ${parameter.minChars} characters.`;
  if (parameter.maxChars !== null && value.length > parameter.maxChars) return `enter at most ${parameter.maxChars} characters (now ${value.length}).`;
  if (parameter.allowedValues !== null && parameter.allowedValues.length > 0 && !parameter.allowedValues.includes(value)) {
    return `choose one of ${parameter.allowedValues.join(', ')}.`;
  }
  if (parameter.allowedPattern !== null) {
    const pattern = compileAllowedPattern(parameter.allowedPattern);
    if (!pattern) return `the document's pattern ${parameter.allowedPattern} is not one SSM accepts; fix the document.`;
    if (!pattern.test(value)) return `${describePattern(parameter.allowedPattern)} (pattern ${parameter.allowedPattern}).`;
  }
  return null;
}

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function clip(value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, '⏎');
  return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
}

/**
 * A plain-words reading of the common character-class patterns: `^[A-Za-z0-9_.@-]{1,64}$` reads
 * "use only letters, digits and _ . @ -"; `^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$` adds "starting
 * with letters or digits". Anything richer is named as "the form the document asks for".
 */
export function describePattern(pattern: string): string {
  const fallback = 'use the form the document asks for';
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const tokens = [...body.matchAll(/\[((?:[^\]\\]|\\.)+)\](\+|\*|\?|\{\d+(?:,\d*)?\})?/g)];
  if (tokens.length === 0 || tokens.length > 2 || tokens.map((t) => t[0]).join('') !== body) return fallback;
  const words = tokens.map((t, i) => classWords(t[1]!, tokens.length === 2 && i === 0));
  if (words.some((w) => w === null)) return fallback;
  if (tokens.length === 1) return `use only ${words[0]!}`;
  // Two classes: a first character with no quantifier, then the rest.
  if (tokens[0]![2] !== undefined) return fallback;
  return `use only ${words[1]!}, starting with ${words[0]!}`;
}

// `first`: the words for one leading character ("a letter or digit") rather than for a run of them.
function classWords(set: string, first: boolean): string | null {
  if (set.startsWith('^')) return null;
  const parts: string[] = [];
  let rest = set;
  const take = (range: string, label: string): void => {
    if (rest.includes(range)) {
      if (!parts.includes(label)) parts.push(label);
      rest = rest.replace(range, '');
    }
  };
  if (rest.includes('a-z') && rest.includes('A-Z')) {
    take('a-z', 'letters');
    rest = rest.replace('A-Z', '');
  } else {
    take('a-z', 'lower-case letters');
    take('A-Z', 'capital letters');
  }
  take('0-9', 'digits');
  take('\\d', 'digits');
  take('\\w', 'letters, digits, _');
  if (/[a-zA-Z0-9]-[a-zA-Z0-9]/.test(rest)) return null;
  const symbols = [...rest.replace(/\\(.)/g, '$1')].filter((c, i, all) => all.indexOf(c) === i);
  const list = [...parts, ...(symbols.length > 0 ? [symbols.map((c) => (c === ' ' ? 'space' : c)).join(' ')] : [])];
  if (list.length === 0) return null;
  if (first) {
    const one = list.map((w) => (w === 'letters' ? 'a letter' : w === 'digits' ? 'digit' : w === 'lower-case letters' ? 'a lower-case letter' : w));
    return one.join(' or ');
  }
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]!}`;
}

/** The typed confirmation for a set of nodes: one node → its name; several → "<N> nodes". */
export function typedNameFor(nodes: ReadonlyArray<Pick<PreviewNode, 'name'>>): string | null {
  if (nodes.length === 0) return null;
  return nodes.length === 1 ? nodes[0]!.name : `${nodes.length} nodes`;
}

/**
 * What an operator must type when production nodes — or nodes whose tags nobody has read, which
 * may be production — are among the targets; null when a click will do.
 */
export function confirmationText(nodes: ReadonlyArray<Pick<PreviewNode, 'name' | 'production' | 'tagsKnown'>>): string | null {
  return typedNameFor(nodes.filter((node) => node.production || !node.tagsKnown));
}

/**
 * The confirmation a send demands: the production rule, else, when the caller (a runbook) always
 * wants the name typed, the same wording over every resolved target.
 */
export function requiredConfirmation(preview: Pick<TargetPreview, 'typedConfirmation' | 'nodes' | 'total'>, alwaysTyped: boolean): string | null {
  if (preview.typedConfirmation !== null) return preview.typedConfirmation;
  if (!alwaysTyped || preview.total === 0) return null;
  return preview.total === 1 ? (preview.nodes[0]?.name ?? null) : `${preview.total} nodes`;
}

/** True when a tag key/value pair marks a production node (Environment/Env/Stage = production/prod, any case). */
export function isProductionTag(key: string, value: string): boolean {
  return /^(environment|env|stage)$/i.test(key.trim()) && /^(production|prod)$/i.test(value.trim());
}
