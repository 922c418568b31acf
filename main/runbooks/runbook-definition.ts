import type { CommandParameters } from '../../preload/contract/commands';
import type { RunbookGuardrails, RunbookTargets } from '../../preload/contract/runbooks';

/** A parameter the operator fills in, as the runbook file declares it (the document adds type and limits). */
export interface RunbookParameterRule {
  name: string;
  label: string | null;
  description: string | null;
  /** The only values the operator may pick; each must also be accepted by the document. */
  allowedValues: string[] | null;
  /** Matched against the whole value; the document's own pattern applies as well. */
  allowedPattern: string | null;
  /** Pre-filled value(s); a single text for String parameters, several for StringList. */
  default: string[] | null;
}

/** A runbook file that passed the schema check: everything needed to show and run it. */
export interface RunbookDefinition {
  name: string;
  description: string;
  category: string;
  documentName: string;
  documentVersion: string | undefined;
  platforms: string[];
  parameters: RunbookParameterRule[];
  fixed: CommandParameters;
  targets: RunbookTargets;
  guardrails: RunbookGuardrails;
}

/** Keys a runbook file may use, in the order the documentation lists them. */
export const runbookKeys = ['name', 'description', 'category', 'document', 'documentVersion', 'platforms', 'parameters', 'fixed', 'targets', 'guardrails'] as const;
export const parameterKeys = ['label', 'description', 'allowedValues', 'allowedPattern', 'default'] as const;
export const guardrailKeys = ['confirm', 'maxConcurrency', 'maxErrors', 'timeoutSeconds', 'allowedHours', 'canary'] as const;
export const hoursKeys = ['from', 'to', 'timeZone'] as const;
export const targetKinds = ['chosen', 'tags', 'nodes'] as const;
export const platformNames = ['Linux', 'Windows', 'MacOS'] as const;

/**
 * What a runbook gets when its file leaves a guardrail out: the cautious choice every time (one node
 * at a time, stop at the first error, canary first), so forgetting a line never makes a run wider.
 */
export const defaultGuardrails: RunbookGuardrails = {
  confirm: 'click',
  maxConcurrency: '1',
  maxErrors: '0',
  timeoutSeconds: 600,
  allowedHours: null,
  canary: true,
};
