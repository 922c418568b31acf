import type { CommandParameters, DocumentParameter, FieldError } from '../../preload/contract/commands';
import { checkParameterValues } from '../commands/parameter-rules';
import type { RunbookParameterRule } from './runbook-definition';
import { wholeValueRegex } from './runbook-rules';

/**
 * Characters a shell (bash or PowerShell) would act on: a value holding one could end the
 * document's command and start another. The runbook's own pattern should already keep them out;
 * this is the second lock, so a loose pattern in a user file cannot open the door.
 */
const SHELL_CHARACTERS = /[;|&$`<>(){}'"!]/;

const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;

/** Why a typed (free-text) value is refused whatever the patterns say, or null. */
export function injectionRefusal(value: string): string | null {
  const characters = [...value];
  const control = characters.find((c) => isControl(c.codePointAt(0)!));
  if (control) return `contains a line break or control character (${codePoint(control)}); enter a single line of plain text.`;
  const shell = SHELL_CHARACTERS.exec(value);
  if (shell) return `"${shell[0]}" is not allowed — runbook values cannot contain ; | & $ \` < > ( ) { } ' " or !, which a shell would run as commands.`;
  const foreign = characters.find((c) => c.codePointAt(0)! > 0x7e);
  if (foreign) return `"${foreign}" (${codePoint(foreign)}) is not a plain ASCII character; retype the value (look-alike letters are refused).`;
  return null;
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks the operator's values against the runbook's rules (only its own parameters; fixed ones
 * are not theirs to set; narrower allowedValues/pattern; no shell characters in typed text) and
 * then the whole set, fixed values included, against the document as SSM would. Returns the
 * parameters to send — defaults filled in, so the audit shows exactly what ran — and every error.
 */
export function checkRunbookValues(
  rules: ReadonlyArray<RunbookParameterRule>,
  documentParameters: ReadonlyArray<DocumentParameter>,
  fixed: CommandParameters,
  values: CommandParameters,
): { parameters: CommandParameters; fieldErrors: FieldError[] } {
  const errors: FieldError[] = [];
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  for (const name of Object.keys(values)) {
    if (byName.has(name)) continue;
    const message = Object.hasOwn(fixed, name) ? 'is fixed by the runbook and cannot be changed.' : `this runbook does not take it; it takes ${rules.map((r) => r.name).join(', ') || 'no parameters'}.`;
    errors.push({ field: name, message: `${name}: ${message}` });
  }
  const parameters: CommandParameters = { ...fixed };
  for (const rule of rules) {
    const given = Object.hasOwn(values, rule.name) ? values[rule.name] : undefined;
    const chosen = given !== undefined && given.length > 0 && !(given.length === 1 && given[0] === '') ? given : rule.default;
    if (!chosen) continue;
    parameters[rule.name] = [...chosen];
    const problem = ruleProblem(rule, chosen);
    if (problem) errors.push({ field: rule.name, message: `${rule.name}: ${problem}` });
  }
  const flagged = new Set(errors.map((error) => error.field));
  for (const error of checkParameterValues(documentParameters, parameters)) {
    if (!flagged.has(error.field)) errors.push(error);
  }
  return { parameters, fieldErrors: errors };
}

function ruleProblem(rule: RunbookParameterRule, values: ReadonlyArray<string>): string | null {
  for (const value of values) {
    if (rule.allowedValues) {
      if (!rule.allowedValues.includes(value)) return `choose one of ${rule.allowedValues.join(', ')}.`;
      continue;
    }
    const refusal = injectionRefusal(value);
    if (refusal) return refusal;
    if (rule.allowedPattern && !wholeValueRegex(rule.allowedPattern).test(value)) return `"${clip(value)}" does not match the runbook's pattern ${rule.allowedPattern}.`;
  }
  return null;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}
