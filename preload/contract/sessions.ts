import { z } from 'zod';
import { event, invoke } from './define';
import { workspaceIdSchema } from './workspaces';

/** A session id as SSM issues it; only ids main opened are accepted by the handlers. */
export const sessionIdSchema = z.string().min(1).max(200);

/** Managed-node id: `i-…` for EC2, `mi-…` for hybrid nodes. */
export const instanceIdSchema = z.string().regex(/^m?i-[0-9a-f]{8,17}$/);

/** Where a session's data channel stands, as the tab shows it. */
export const sessionStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connecting') }),
  z.object({ kind: z.literal('connected'), encrypted: z.boolean() }),
  z.object({ kind: z.literal('reconnecting'), attempt: z.number().int(), reason: z.string() }),
  z.object({
    kind: z.literal('closed'),
    reason: z.string(),
    exitCode: z.number().int().nullable(),
    errorCode: z.string().optional(),
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** An open session as a tab needs it; never carries the token or the stream URL. */
export const sessionInfoSchema = z.object({
  sessionId: z.string(),
  workspaceId: z.string(),
  instanceId: z.string(),
  nodeName: z.string(),
  platformType: z.string(),
  startedAt: z.number(),
  state: sessionStateSchema,
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** One row of the sessions view: DescribeSessions merged with the local audit records. */
export const sessionRecordSchema = z.object({
  sessionId: z.string(),
  workspaceId: z.string(),
  instanceId: z.string(),
  nodeName: z.string(),
  /** Caller ARN that opened the session, '' when neither AWS nor the local record knows it. */
  owner: z.string(),
  /** Local OS user who opened it from this machine, '' for sessions opened elsewhere. */
  operator: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
  source: z.enum(['local', 'aws', 'both']),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

const colsSchema = z.number().int().min(2).max(1000);
const rowsSchema = z.number().int().min(1).max(500);
const bySessionSchema = z.object({ sessionId: sessionIdSchema }).strict();

export const startSessionRequestSchema = z
  .object({ workspaceId: workspaceIdSchema, instanceId: instanceIdSchema, cols: colsSchema, rows: rowsSchema })
  .strict();
export type StartSessionRequest = z.infer<typeof startSessionRequestSchema>;

export const sessionOutputSchema = z.object({
  sessionId: z.string(),
  /** Decoded text; a multi-byte character split across frames arrives whole in one event. */
  data: z.string(),
  /** Raw bytes this event carries; the renderer acks exactly this after xterm wrote it. */
  bytes: z.number().int().min(0),
  stream: z.enum(['stdout', 'stderr']),
});
export type SessionOutput = z.infer<typeof sessionOutputSchema>;

export const sessionStateChangedSchema = z.object({ sessionId: z.string(), state: sessionStateSchema });
export type SessionStateChanged = z.infer<typeof sessionStateChangedSchema>;

export const sessionChannels = {
  /** Opens a shell on an online node of the workspace (SSM StartSession + data channel). */
  'sessions:start-session': invoke(startSessionRequestSchema, sessionInfoSchema),
  /** Keystrokes or paste for one open session. */
  'sessions:send-input': invoke(
    z.object({ sessionId: sessionIdSchema, data: z.string().max(65536) }).strict(),
    z.null(),
  ),
  /** The terminal's size changed. */
  'sessions:resize-terminal': invoke(z.object({ sessionId: sessionIdSchema, cols: colsSchema, rows: rowsSchema }).strict(), z.null()),
  /** xterm has written this many output bytes; releases back-pressure. */
  'sessions:ack-output': invoke(
    z.object({ sessionId: sessionIdSchema, bytes: z.number().int().min(0) }).strict(),
    z.null(),
  ),
  /** Operator-requested reconnect through ResumeSession. */
  'sessions:reconnect-session': invoke(bySessionSchema, z.null()),
  /** Deliberate close: TerminateSession, then the channel closes. */
  'sessions:terminate-session': invoke(bySessionSchema, z.null()),
  /** Ends the session locally at once, whatever the agent does. */
  'sessions:force-close': invoke(bySessionSchema, z.null()),
  /** Active or past sessions of a workspace, from DescribeSessions and the local records. */
  'sessions:list-sessions': invoke(
    z.object({ workspaceId: workspaceIdSchema, state: z.enum(['Active', 'History']) }).strict(),
    z.object({ sessions: z.array(sessionRecordSchema) }),
  ),
  /** Sessions this app has open, so a reloaded renderer can rebuild its tabs. */
  'sessions:get-open-sessions': invoke(z.object({}).strict(), z.object({ sessions: z.array(sessionInfoSchema) })),
  /** Terminal output of one session. */
  'sessions:output-received': event(sessionOutputSchema),
  /** A session's channel state changed. */
  'sessions:state-changed': event(sessionStateChangedSchema),
} as const;
