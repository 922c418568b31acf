import { z } from 'zod';
import { errorInfoSchema, event, invoke } from './define';
import { pingStatusSchema } from './fleet';
import { instanceIdSchema } from './sessions';
import { workspaceIdSchema } from './workspaces';

/** Limits shared by the form, main's checks and SSM's own (ssm-api.md §4.3). */
export const commandLimits = {
  comment: 100,
  /** SendCommand takes at most 50 InstanceIds; larger hand-picked sets are sent in batches. */
  instanceIdsPerCall: 50,
  /** Hand-picked or filtered targets per job: more is a fleet-wide change, done with a tag query. */
  maxNodesPerJob: 5000,
  tagFilters: 5,
  tagValues: 5,
  minTimeoutSeconds: 30,
  maxTimeoutSeconds: 2_592_000,
  parameterNames: 50,
  parameterValues: 50,
  parameterValueChars: 16_000,
  parameterTotalChars: 64 * 1024,
} as const;

/** `50`, `10%`: SSM's MaxConcurrency pattern. */
export const maxConcurrencySchema = z
  .string()
  .regex(/^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/, 'Use a whole number of nodes (1 or more) or a percentage from 1% to 100%.');
/** `0`, `3`, `10%`: SSM's MaxErrors pattern. */
export const maxErrorsSchema = z
  .string()
  .regex(/^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/, 'Use a whole number of errors (0 or more) or a percentage from 0% to 100%.');

export const documentNameSchema = z.string().regex(/^[a-zA-Z0-9_\-.:/]{3,128}$/, 'A document name has 3–128 letters, digits or _ - . : /');
export const documentVersionSchema = z.string().regex(/^(\$LATEST|\$DEFAULT|[1-9][0-9]*)$/);

/** A document parameter as GetDocument's content declares it; the form and the checks follow it. */
export const documentParameterSchema = z.object({
  name: z.string(),
  type: z.enum(['String', 'StringList', 'Integer', 'Boolean', 'StringMap', 'MapList']),
  description: z.string(),
  /** Absent (null) means required. Lists for StringList, a string otherwise. */
  default: z.union([z.string(), z.array(z.string())]).nullable(),
  allowedValues: z.array(z.string()).nullable(),
  allowedPattern: z.string().nullable(),
  displayType: z.enum(['textfield', 'textarea']),
  minItems: z.number().int().nullable(),
  maxItems: z.number().int().nullable(),
  minChars: z.number().int().nullable(),
  maxChars: z.number().int().nullable(),
});
export type DocumentParameter = z.infer<typeof documentParameterSchema>;

export const documentSummarySchema = z.object({
  name: z.string(),
  /** `Amazon`, or the account id for the account's own documents. */
  owner: z.string(),
  documentType: z.enum(['Command', 'Automation']),
  platformTypes: z.array(z.string()),
  description: z.string(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentDetailSchema = documentSummarySchema.extend({
  version: z.string(),
  schemaVersion: z.string(),
  parameters: z.array(documentParameterSchema),
  /** Step names, for the output panes of multi-step documents. */
  steps: z.array(z.string()),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

/** Document parameters as SSM takes them: every value is a list of strings. */
export const commandParametersSchema = z
  .record(
    z.string().min(1).max(50),
    z.array(z.string().max(commandLimits.parameterValueChars)).max(commandLimits.parameterValues),
  )
  .refine((record) => Object.keys(record).length <= commandLimits.parameterNames, `At most ${commandLimits.parameterNames} parameters.`)
  // SSM's own ceiling is a 64 KB document; more than that is not a command, and every request is audited.
  .refine(
    (record) => Object.entries(record).reduce((sum, [name, values]) => sum + name.length + values.reduce((n, v) => n + v.length, 0), 0) <= commandLimits.parameterTotalChars,
    `The parameters add up to more than ${commandLimits.parameterTotalChars / 1024} KB of text; SSM takes at most 64 KB. Put long scripts in a document.`,
  );
export type CommandParameters = z.infer<typeof commandParametersSchema>;

const tagFilterSchema = z
  .object({
    key: z.string().trim().min(1).max(128),
    /** Tag values, OR'd. */
    values: z.array(z.string().trim().min(1).max(256)).min(1).max(commandLimits.tagValues),
  })
  .strict();

/**
 * Which nodes a command is for. `nodes`: these ids (a grid row, a failed-node rerun); `filter`: the
 * nodes the fleet grid's quick filter lists now (resolved in main by the same query as the grid);
 * `tags`: a tag query, AND across entries, OR across values, resolved by SSM at send time.
 */
export const targetSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nodes'), instanceIds: z.array(instanceIdSchema).min(1).max(commandLimits.maxNodesPerJob) }).strict(),
  z.object({ kind: z.literal('filter'), filter: z.string().trim().min(1).max(500) }).strict(),
  z.object({ kind: z.literal('tags'), filters: z.array(tagFilterSchema).min(1).max(commandLimits.tagFilters) }).strict(),
]);
export type TargetSelection = z.infer<typeof targetSelectionSchema>;

/** One node a command would touch, as the preview lists it. */
export const previewNodeSchema = z.object({
  instanceId: z.string(),
  name: z.string(),
  platformType: z.string(),
  pingStatus: pingStatusSchema,
  /** Tagged Environment=production (any case, also `prod`): confirmation by typed name. */
  production: z.boolean(),
  /**
   * False when the node's tags were never read (EC2 tags come from AWS:Tag inventory, which an
   * account may not collect): it could be production, so it is confirmed as if it were.
   */
  tagsKnown: z.boolean(),
  /** The document cannot run on this node's platform. */
  platformMismatch: z.boolean(),
});
export type PreviewNode = z.infer<typeof previewNodeSchema>;

/** The resolved targets before anything is sent. Offline and mismatched nodes are listed, flagged. */
export const targetPreviewSchema = z.object({
  nodes: z.array(previewNodeSchema),
  /** Matches in total; `nodes` holds at most the first 1,000. */
  total: z.number().int(),
  online: z.number().int(),
  offline: z.number().int(),
  platformMismatch: z.number().int(),
  production: z.number().int(),
  /** Nodes whose tags are not known (counted in the typed confirmation as production is). */
  tagsUnknown: z.number().int(),
  /** What the operator must type to confirm, when production nodes are among the targets. */
  typedConfirmation: z.string().nullable(),
  /** When the fleet cache behind the preview was last refreshed (epoch ms), null if never. */
  cacheSyncedAt: z.number().nullable(),
});
export type TargetPreview = z.infer<typeof targetPreviewSchema>;

/** A field the operator must fix; `field` is a parameter name or one of the form's own fields. */
export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const commandOptionsSchema = z
  .object({
    maxConcurrency: maxConcurrencySchema,
    maxErrors: maxErrorsSchema,
    timeoutSeconds: z.number().int().min(commandLimits.minTimeoutSeconds).max(commandLimits.maxTimeoutSeconds),
    comment: z.string().max(commandLimits.comment),
  })
  .strict();
export type CommandOptions = z.infer<typeof commandOptionsSchema>;

export const sendCommandRequestSchema = z
  .object({
    workspaceId: workspaceIdSchema,
    documentName: documentNameSchema,
    documentVersion: documentVersionSchema.optional(),
    parameters: commandParametersSchema,
    targets: targetSelectionSchema,
    options: commandOptionsSchema,
    /** The text the operator typed when the preview asked for it; checked again in main. */
    typedConfirmation: z.string().max(300).optional(),
  })
  .strict();
export type SendCommandRequest = z.infer<typeof sendCommandRequestSchema>;

/** A node's state in a job: SSM's invocation Status, plus `NotSent` for nodes Capstan kept back. */
export const invocationStatusSchema = z.enum([
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
  'Cancelling',
  'NotSent',
]);
export type InvocationStatus = z.infer<typeof invocationStatusSchema>;

export const jobStatusSchema = z.enum(['Pending', 'InProgress', 'Success', 'Failed', 'TimedOut', 'Cancelling', 'Cancelled']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobCountsSchema = z.object({
  targets: z.number().int(),
  pending: z.number().int(),
  inProgress: z.number().int(),
  success: z.number().int(),
  failed: z.number().int(),
  timedOut: z.number().int(),
  cancelled: z.number().int(),
  /** Undeliverable, InvalidPlatform, offline and not sent, Terminated by MaxErrors. */
  notRun: z.number().int(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

/** Where a job came from: the Run Command form, or a runbook card. */
export const jobSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command') }),
  z.object({ kind: z.literal('runbook'), runbookId: z.string(), runbookName: z.string() }),
]);

/** One Run Command job: one or more SendCommand calls (batches of 50, canary first) tracked as one. */
export const jobSummarySchema = z.object({
  jobId: z.string(),
  workspaceId: z.string(),
  source: jobSourceSchema,
  documentName: z.string(),
  comment: z.string(),
  requestedAt: z.number(),
  /** OS user who sent it from this machine. */
  operator: z.string(),
  status: jobStatusSchema,
  /** SSM's detailed status or ours: "Canary failed — 11 nodes not touched", "Incomplete". */
  statusDetails: z.string(),
  /** `canary`: waiting for the first node before sending to the rest. */
  phase: z.enum(['canary', 'main', 'done']),
  counts: jobCountsSchema,
  commandIds: z.array(z.string()),
  finishedAt: z.number().nullable(),
  /** Tracking trouble (network down, throttled): shown, and tracking keeps trying. */
  trackingError: errorInfoSchema.nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobDetailSchema = jobSummarySchema.extend({
  documentVersion: z.string(),
  parameters: commandParametersSchema,
  targets: targetSelectionSchema,
  options: commandOptionsSchema,
  canary: z.boolean(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

/** One node's result. `output` is what ListCommandInvocations returns (≤ 2,500 characters). */
export const invocationSchema = z.object({
  instanceId: z.string(),
  nodeName: z.string(),
  platformType: z.string(),
  commandId: z.string().nullable(),
  status: invocationStatusSchema,
  statusDetails: z.string(),
  responseCode: z.number().int().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  output: z.string(),
  /** The output carries SSM's truncation marker: the full text is one call away. */
  outputTruncated: z.boolean(),
});
export type Invocation = z.infer<typeof invocationSchema>;

/** Nodes whose results are identical (same status, exit code and output), shown as one line. */
export const outputGroupSchema = z.object({
  status: invocationStatusSchema,
  statusDetails: z.string(),
  responseCode: z.number().int().nullable(),
  output: z.string(),
  count: z.number().int(),
  /** The first 200 nodes of the group. */
  instanceIds: z.array(z.string()),
});
export type OutputGroup = z.infer<typeof outputGroupSchema>;

const byJobSchema = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const commandChannels = {
  /** Command documents the workspace can run (ListDocuments), Amazon's and the account's own. */
  'commands:list-documents': invoke(z.object({ workspaceId: workspaceIdSchema }).strict(), z.object({ documents: z.array(documentSummarySchema) })),
  /** A document's parameters and steps, parsed from GetDocument's content. */
  'commands:describe-document': invoke(
    z.object({ workspaceId: workspaceIdSchema, name: documentNameSchema, version: documentVersionSchema.optional() }).strict(),
    documentDetailSchema,
  ),
  /** Resolves targets from the fleet cache (offline and mismatched nodes flagged) and checks the form, sending nothing. */
  'commands:preview-targets': invoke(
    z
      .object({
        workspaceId: workspaceIdSchema,
        targets: targetSelectionSchema,
        documentName: documentNameSchema.optional(),
        parameters: commandParametersSchema.optional(),
      })
      .strict(),
    z.object({ preview: targetPreviewSchema, fieldErrors: z.array(fieldErrorSchema) }),
  ),
  /** Validates everything again, then sends; refused with field errors before any call if anything is wrong. */
  'commands:send-command': invoke(sendCommandRequestSchema, z.object({ jobId: z.string() })),
  'commands:list-jobs': invoke(
    z
      .object({
        workspaceId: workspaceIdSchema.optional(),
        /** Only jobs requested before this time (epoch ms), for paging back through history. */
        before: z.number().optional(),
        limit: z.number().int().min(1).max(200),
      })
      .strict(),
    z.object({ jobs: z.array(jobSummarySchema), more: z.boolean() }),
  ),
  'commands:get-job': invoke(byJobSchema, jobDetailSchema),
  /** A window of the job's per-node results, optionally one status only. */
  'commands:list-invocations': invoke(
    z
      .object({
        jobId: z.string().min(1).max(100),
        status: invocationStatusSchema.optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    z.object({ rows: z.array(invocationSchema), total: z.number().int() }),
  ),
  /** Identical results grouped: 300 "OK" become one line and the outliers stand out. */
  'commands:get-output-groups': invoke(byJobSchema, z.object({ groups: z.array(outputGroupSchema) })),
  /** The full output of one node (GetCommandInvocation: 24,000 / 8,000 characters per step). */
  'commands:get-invocation-output': invoke(
    z.object({ jobId: z.string().min(1).max(100), instanceId: instanceIdSchema }).strict(),
    z.object({
      steps: z.array(z.object({ name: z.string(), status: z.string(), responseCode: z.number().int(), stdout: z.string(), stderr: z.string(), stdoutTruncated: z.boolean(), stderrTruncated: z.boolean() })),
    }),
  ),
  /** CancelCommand for every command of the job still running; nodes not yet sent are never sent. */
  'commands:cancel-job': invoke(byJobSchema, jobSummarySchema),
  /** A new job with the same document, parameters and options on the nodes that did not succeed. */
  'commands:rerun-failed': invoke(byJobSchema.extend({ typedConfirmation: z.string().max(300).optional() }).strict(), z.object({ jobId: z.string() })),
  /** A job's status or counts changed (at most a few times a second per job). */
  'commands:job-updated': event(jobSummarySchema),
} as const;
