import type { DocumentDetail, DocumentParameter } from '../../preload/contract/commands';
import type { RunbookParameter } from '../../preload/contract/runbooks';
import { checkParameterValues } from '../commands/parameter-rules';
import type { RunbookDefinition, RunbookParameterRule } from './runbook-definition';
import { wholeValueRegex } from './runbook-rules';

/** A disagreement between a runbook and the live document, at a field of the runbook file. */
export interface DocumentProblem {
  field: string;
  message: string;
}

/**
 * Checks a runbook against the document it names, as the workspace has it now: every parameter
 * it exposes or fixes is declared, every required one is covered, and its allowed values and
 * patterns only narrow what the document accepts. Returns the form's parameters (the document's
 * type and limits with the runbook's narrower rules) and the problems that keep it from running.
 */
export function checkAgainstDocument(definition: RunbookDefinition, document: DocumentDetail): { parameters: RunbookParameter[]; problems: DocumentProblem[] } {
  const problems: DocumentProblem[] = [];
  const declared = new Map(document.parameters.map((p) => [p.name, p]));
  const known = document.parameters.map((p) => p.name).join(', ') || 'none';
  if (document.documentType !== 'Command') {
    problems.push({ field: 'document', message: `${document.name} is an ${document.documentType} document; runbooks run Command documents.` });
  }
  const outside = definition.platforms.filter((platform) => document.platformTypes.length > 0 && !document.platformTypes.includes(platform));
  if (outside.length > 0) {
    problems.push({ field: 'platforms', message: `${document.name} does not run on ${outside.join(', ')} (it runs on ${document.platformTypes.join(', ')}).` });
  }
  const parameters: RunbookParameter[] = [];
  for (const rule of definition.parameters) {
    const parameter = declared.get(rule.name);
    if (!parameter) {
      problems.push({ field: `parameters.${rule.name}`, message: `${document.name} has no parameter "${rule.name}"; its parameters are ${known}.` });
      continue;
    }
    problems.push(...narrowingProblems(rule, parameter));
    parameters.push(formParameter(rule, parameter));
  }
  for (const [name, values] of Object.entries(definition.fixed)) {
    const parameter = declared.get(name);
    if (!parameter) {
      problems.push({ field: `fixed.${name}`, message: `${document.name} has no parameter "${name}"; its parameters are ${known}.` });
      continue;
    }
    for (const error of checkParameterValues([parameter], { [name]: values })) problems.push({ field: `fixed.${name}`, message: `the document refuses this value — ${error.message}` });
  }
  const covered = new Set([...definition.parameters.map((r) => r.name), ...Object.keys(definition.fixed)]);
  for (const parameter of document.parameters) {
    if (parameter.default === null && !covered.has(parameter.name)) {
      problems.push({ field: 'parameters', message: `${document.name} requires "${parameter.name}"; add it under parameters (for the operator to fill) or fixed.` });
    }
  }
  return { parameters, problems };
}

/** The runbook's rules must leave only values the document accepts. */
function narrowingProblems(rule: RunbookParameterRule, parameter: DocumentParameter): DocumentProblem[] {
  const field = `parameters.${rule.name}`;
  const problems: DocumentProblem[] = [];
  const refused = (value: string) => checkParameterValues([{ ...parameter, minItems: null, maxItems: null }], { [rule.name]: [value] })[0];
  rule.allowedValues?.forEach((value, index) => {
    const error = refused(value);
    if (error) problems.push({ field: `${field}.allowedValues[${index}]`, message: `"${value}" is not accepted by the document — ${error.message}` });
  });
  if (rule.allowedPattern && !rule.allowedValues && parameter.allowedValues && parameter.allowedValues.length > 0) {
    const pattern = wholeValueRegex(rule.allowedPattern);
    if (!parameter.allowedValues.some((value) => pattern.test(value))) {
      problems.push({ field: `${field}.allowedPattern`, message: `accepts none of the document's values (${parameter.allowedValues.join(', ')}); list the ones to offer under allowedValues.` });
    }
  }
  for (const value of rule.default ?? []) {
    const error = refused(value);
    if (error) problems.push({ field: `${field}.default`, message: `"${value}" is not accepted by the document — ${error.message}` });
  }
  return problems;
}

/**
 * The form's view of a parameter: the document's type and limits, the runbook's label and rules.
 * A runbook pattern over a document list becomes the list it leaves, so the form offers a choice.
 * Patterns go out as written: every client (parameter-rules) tests them against the whole value.
 */
function formParameter(rule: RunbookParameterRule, parameter: DocumentParameter): RunbookParameter {
  const isList = parameter.type === 'StringList' || parameter.type === 'MapList';
  let allowedValues = rule.allowedValues ?? parameter.allowedValues;
  if (!rule.allowedValues && rule.allowedPattern && parameter.allowedValues) {
    const pattern = wholeValueRegex(rule.allowedPattern);
    allowedValues = parameter.allowedValues.filter((value) => pattern.test(value));
  }
  const fallback = parameter.default;
  const defaultValue = rule.default ? (isList ? rule.default : (rule.default[0] ?? null)) : fallback;
  return {
    ...parameter,
    label: rule.label ?? rule.name,
    description: rule.description ?? parameter.description,
    default: defaultValue,
    allowedValues,
    allowedPattern: rule.allowedPattern ?? parameter.allowedPattern,
    displayType: 'textfield',
  };
}
