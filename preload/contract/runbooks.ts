import { z } from 'zod';
import {
  commandParametersSchema,
  documentParameterSchema,
  fieldErrorSchema,
  jobStatusSchema,
  maxConcurrencySchema,
  maxErrorsSchema,
  targetPreviewSchema,
  targetSelectionSchema,
} from './commands';
import { invoke } from './define';
import { workspaceIdSchema } from './workspaces';

/** A runbook id: its file name without extension, prefixed by where it lives. */
export const runbookIdSchema = z.string().regex(/^(builtin|user):[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/);

/** A parameter the operator fills in; the document's own rules plus the runbook's stricter ones. */
export const runbookParameterSchema = documentParameterSchema.extend({
  /** Short label on the form ("Service"); the document's name when the runbook gives none. */
  label: z.string(),
});
export type RunbookParameter = z.infer<typeof runbookParameterSchema>;

/** Where a runbook runs: fixed nodes, a tag query, or nodes the operator picks when running it. */
export const runbookTargetsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chosen') }),
  z.object({ kind: z.literal('nodes'), instanceIds: z.array(z.string()) }),
  z.object({ kind: z.literal('tags'), filters: z.array(z.object({ key: z.string(), values: z.array(z.string()) })) }),
]);
export type RunbookTargets = z.infer<typeof runbookTargetsSchema>;

export const runbookGuardrailsSchema = z.object({
  /** `click`: one confirming click; `typed-name`: always type the target's name. Production targets always need the typed name. */
  confirm: z.enum(['click', 'typed-name']),
  maxConcurrency: maxConcurrencySchema,
  maxErrors: maxErrorsSchema,
  timeoutSeconds: z.number().int(),
  /** Local wall-clock window the runbook may start in ("22:00"–"06:00" wraps midnight); null: any time. */
  allowedHours: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }).nullable(),
  /** One node first; the rest only if it succeeds. */
  canary: z.boolean(),
});
export type RunbookGuardrails = z.infer<typeof runbookGuardrailsSchema>;

export const runbookLastRunSchema = z.object({ jobId: z.string(), at: z.number(), status: jobStatusSchema, statusDetails: z.string() });

export const runbookSchema = z.object({
  id: runbookIdSchema,
  name: z.string(),
  description: z.string(),
  /** Words for the card: what to expect, e.g. "Restarts the service and checks it is active". */
  category: z.string(),
  source: z.enum(['builtin', 'user']),
  /** Absolute path of the YAML file, for the operator to open. */
  file: z.string(),
  documentName: z.string(),
  documentType: z.enum(['Command', 'Automation']),
  /** Platforms the runbook is for; empty: any. */
  platforms: z.array(z.string()),
  parameters: z.array(runbookParameterSchema),
  /** Values the runbook fixes; shown read-only, never editable at run time. */
  fixedParameters: commandParametersSchema,
  targets: runbookTargetsSchema,
  guardrails: runbookGuardrailsSchema,
  lastRun: runbookLastRunSchema.nullable(),
});
export type Runbook = z.infer<typeof runbookSchema>;

/** A runbook file that could not be loaded, or a field in it that is wrong. */
export const runbookProblemSchema = z.object({
  file: z.string(),
  /** 1-based, when the problem has a place in the file. */
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  /** Dotted path of the field ("parameters.serviceName.allowedPattern"), null for the whole file. */
  field: z.string().nullable(),
  message: z.string(),
});
export type RunbookProblem = z.infer<typeof runbookProblemSchema>;

/** Whether the runbook may start now and what confirming it takes. */
export const runbookCheckSchema = z.object({
  /** Reasons it cannot start (outside allowed hours, no online target, document missing…); empty: it can. */
  blocked: z.array(z.string()),
  confirmation: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('click') }),
    z.object({ kind: z.literal('typed-name'), expected: z.string(), reason: z.string() }),
  ]),
});
export type RunbookCheck = z.infer<typeof runbookCheckSchema>;

const runRequestSchema = z
  .object({
    runbookId: runbookIdSchema,
    workspaceId: workspaceIdSchema,
    /** Only the runbook's own (non-fixed) parameters. */
    parameters: commandParametersSchema,
    /** Required when the runbook's targets are `chosen`; refused otherwise. */
    targets: targetSelectionSchema.optional(),
  })
  .strict();

export const runbookChannels = {
  /** Built-in and user runbooks, with every problem found in the files (a broken file never hides the good ones). */
  'runbooks:list-runbooks': invoke(
    z.object({ workspaceId: workspaceIdSchema }).strict(),
    z.object({ runbooks: z.array(runbookSchema), problems: z.array(runbookProblemSchema), userFolder: z.string() }),
  ),
  /** Re-reads the runbook folders (after the operator edited a file). */
  'runbooks:reload-runbooks': invoke(
    z.object({ workspaceId: workspaceIdSchema }).strict(),
    z.object({ runbooks: z.array(runbookSchema), problems: z.array(runbookProblemSchema), userFolder: z.string() }),
  ),
  /** Checks parameters, resolves targets and guardrails, sending nothing: the confirm dialog's content. */
  'runbooks:prepare-run': invoke(
    runRequestSchema,
    z.object({ preview: targetPreviewSchema, fieldErrors: z.array(fieldErrorSchema), check: runbookCheckSchema }),
  ),
  /** Runs it: everything is checked again in main; refused before any call if a guardrail says no. */
  'runbooks:start-run': invoke(runRequestSchema.extend({ typedConfirmation: z.string().max(300).optional() }).strict(), z.object({ jobId: z.string() })),
} as const;
