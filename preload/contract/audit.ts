import { z } from 'zod';
import { event, invoke } from './define';

/** What an operator did. Dotted: capability, then verb in the past tense. */
export const auditActionSchema = z.enum([
  'command.sent',
  'command.cancelled',
  'runbook.run',
  'runbook.refused',
  'session.opened',
  'session.closed',
  'settings.changed',
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditOutcomeSchema = z.enum(['succeeded', 'failed', 'refused']);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** Who acted: the OS user at this machine and the AWS identity the call was made with. */
export const auditActorSchema = z.object({
  operator: z.string(),
  /** Caller identity ARN; '' when it is not known for this workspace. */
  principal: z.string(),
  workspaceId: z.string(),
  accountId: z.string(),
  region: z.string(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** One line of the audit log. `hash` covers every other field, `prevHash` links it to the line before. */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: auditActorSchema,
  action: auditActionSchema,
  /** One line for the list: "AWS-RunShellScript on 12 nodes", "Shell on web-01". */
  summary: z.string(),
  /** Node ids the action touched (resolved targets, not the query). */
  targets: z.array(z.string()),
  /** What exactly: document, parameters, options, job and command ids, session id, setting and value. */
  detail: z.record(z.string(), z.unknown()),
  outcome: auditOutcomeSchema,
  /** Why it failed or was refused. */
  error: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditFilterSchema = z
  .object({
    /** Words found in the summary, targets, operator, principal or detail. */
    text: z.string().max(200).optional(),
    actions: z.array(auditActionSchema).max(20).optional(),
    outcomes: z.array(auditOutcomeSchema).max(3).optional(),
    workspaceId: z.string().max(300).optional(),
    /** Epoch ms, inclusive. */
    from: z.number().optional(),
    to: z.number().optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The result of checking every link of the chain from the first line. */
export const auditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), checkedAt: z.number() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    checkedAt: z.number(),
    /** 1-based line of the first entry whose hash or link does not match. */
    firstBrokenLine: z.number().int(),
    /** "line 12 was edited", "line 12 does not follow line 11 (a line was removed or moved)". */
    reason: z.string(),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const auditChannels = {
  /** Newest first. */
  'audit:list-entries': invoke(
    z.object({ filter: auditFilterSchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }).strict(),
    z.object({ entries: z.array(auditEntrySchema), total: z.number().int(), file: z.string() }),
  ),
  'audit:verify-chain': invoke(z.object({}).strict(), auditVerificationSchema),
  /** The matching entries as JSON Lines, oldest first, each line exactly as stored (so the chain can be checked). */
  'audit:export-entries': invoke(z.object({ filter: auditFilterSchema }).strict(), z.object({ fileName: z.string(), content: z.string(), entries: z.number().int() })),
  'audit:entry-appended': event(auditEntrySchema),
} as const;
