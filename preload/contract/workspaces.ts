import { z } from 'zod';
import { errorInfoSchema, event, invoke } from './define';

/**
 * A place Capstan reads a fleet from: one training account in one region, or an AWS profile in one
 * region. The operator watches several at once; the grid, inventory and command targets aggregate them.
 */
export const workspaceSchema = z.object({
  id: z.string(),
  kind: z.enum(['training', 'profile']),
  /** What the operator reads in the picker: "Training — Payments · us-east-1", "prod-admin · eu-west-1". */
  label: z.string(),
  profile: z.string().optional(),
  region: z.string(),
  /** The account, when known without calling AWS (training, sso_account_id, role_arn) or once STS answered; '' otherwise. */
  accountId: z.string(),
  /** A readable account name when one is known (training accounts, SSO account names); '' otherwise. */
  accountName: z.string(),
  /** How the profile gets credentials, so the picker can say "SSO" or "MFA" before anything fails. */
  credentialSource: z.enum(['training', 'static', 'assume-role', 'sso', 'process', 'env', 'unknown']),
  /** Set when the profile needs an MFA code to assume its role. */
  mfa: z.boolean(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

/**
 * Where a workspace stands. `signing-in`: an SSO sign-in or MFA prompt is waiting for the operator;
 * `needs-sign-in`: no valid SSO token / MFA session, nothing is being asked yet; `expired`: credentials
 * ran out and could not be refreshed without the operator.
 */
export const workspaceStateSchema = z.enum(['unknown', 'checking', 'ok', 'signing-in', 'needs-sign-in', 'expired', 'access-denied', 'unreachable', 'misconfigured']);
export type WorkspaceState = z.infer<typeof workspaceStateSchema>;

export const workspaceStatusSchema = z.object({
  workspaceId: z.string(),
  state: workspaceStateSchema,
  /** The caller ARN STS GetCallerIdentity answered (audit entries record it); null until known. */
  callerArn: z.string().nullable(),
  /** Why the state is not ok, with what to do. */
  error: errorInfoSchema.nullable(),
  /** When the state was last established (epoch ms). */
  checkedAt: z.number().nullable(),
});
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

/** A profile that cannot become a workspace, and why (named so the operator can fix the file). */
export const profileProblemSchema = z.object({ profile: z.string(), message: z.string(), hint: z.string() });
export type ProfileProblem = z.infer<typeof profileProblemSchema>;

/** A shared file profiles are read from, and the variable that chose it (null: the default under ~/.aws). */
export const sharedFileSchema = z.object({ path: z.string(), variable: z.enum(['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']).nullable() });
export type SharedFile = z.infer<typeof sharedFileSchema>;

/**
 * The profile Capstan was asked to open (by AWS_PROFILE, or the default the operator chose before) is
 * not in the shared files, so another workspace was opened: said inline rather than swapped silently.
 */
export const selectionFallbackSchema = z.object({
  source: z.enum(['aws-profile', 'saved']),
  profile: z.string(),
  /** The region of the saved default; null for AWS_PROFILE. */
  region: z.string().nullable(),
  /** Where Capstan looked for the profile. */
  files: z.array(sharedFileSchema),
  /** The workspace opened instead. */
  openedId: z.string(),
});
export type SelectionFallback = z.infer<typeof selectionFallbackSchema>;

export const workspaceListSchema = z.object({
  workspaces: z.array(workspaceSchema),
  /** The workspace new commands, runbooks and documents default to (one account and region). */
  selectedId: z.string(),
  /** Every workspace the grid, inventory and licences aggregate; always contains selectedId. */
  watchedIds: z.array(z.string()),
  statuses: z.array(workspaceStatusSchema),
  /** Set when the AWS config files could not be read; the training fleet still works. */
  configError: z.string().optional(),
  profileProblems: z.array(profileProblemSchema).default([]),
  /** Set while the default is a stand-in for a profile that is missing from the shared files. */
  selectionFallback: selectionFallbackSchema.optional(),
});
export type WorkspaceList = z.infer<typeof workspaceListSchema>;

export const workspaceIdSchema = z.string().min(1).max(300);
export const workspaceIdsSchema = z.array(workspaceIdSchema).min(1).max(50);

/** Main asks for an MFA code: the role of `profile` needs one. Answered with workspaces:answer-mfa. */
export const mfaRequestSchema = z.object({
  requestId: z.string(),
  profile: z.string(),
  /** The MFA device ARN (or hardware serial) the code must come from. */
  serial: z.string(),
  /** Set on a second try: why the previous code was refused (main's English, and its key to translate). */
  previousError: errorInfoSchema.pick({ message: true, text: true }).nullable(),
});
export type MfaRequest = z.infer<typeof mfaRequestSchema>;
/** Why AWS refused the last MFA code, as the next prompt shows it. */
export type MfaRefusal = NonNullable<MfaRequest['previousError']>;

/** An SSO sign-in (device authorization) in progress for a profile's sso-session. */
export const signInProgressSchema = z.object({
  workspaceId: z.string(),
  profile: z.string(),
  phase: z.enum(['starting', 'waiting', 'succeeded', 'failed', 'cancelled']),
  /** The code the operator checks in the browser ("ABCD-EFGH"); null before the flow started. */
  userCode: z.string().nullable(),
  /** Where the operator approves; opened in the system browser by main. */
  verificationUri: z.string().nullable(),
  /** False when the system browser could not be opened (the address is then shown to copy). */
  pageOpened: z.boolean().default(true),
  expiresAt: z.number().nullable(),
  error: errorInfoSchema.nullable(),
});
export type SignInProgress = z.infer<typeof signInProgressSchema>;

export const workspaceChannels = {
  /** The training workspaces plus every profile found in the AWS shared config files, with their states. */
  'workspaces:list-workspaces': invoke(z.object({}).strict(), workspaceListSchema),
  /** Makes a workspace the default for commands and runbooks; it is watched too. */
  'workspaces:select-workspace': invoke(z.object({ id: workspaceIdSchema }).strict(), workspaceSchema),
  /** Sets the watched workspaces (syncs start for new ones); answers with the new list. */
  'workspaces:watch-workspaces': invoke(z.object({ ids: workspaceIdsSchema }).strict(), workspaceListSchema),
  /** Checks credentials again (STS GetCallerIdentity) and, for SSO profiles without a token, starts the sign-in. */
  'workspaces:sign-in': invoke(z.object({ workspaceId: workspaceIdSchema }).strict(), workspaceStatusSchema),
  /** Stops a waiting SSO sign-in. */
  'workspaces:cancel-sign-in': invoke(z.object({ workspaceId: workspaceIdSchema }).strict(), workspaceStatusSchema),
  /** Opens the SSO verification page again in the system browser. */
  'workspaces:open-sign-in-page': invoke(z.object({ workspaceId: workspaceIdSchema }).strict(), z.object({})),
  /** The operator typed an MFA code (six digits) or cancelled the prompt. */
  'workspaces:answer-mfa': invoke(
    z.union([
      z.object({ requestId: z.string().min(1).max(100), code: z.string().regex(/^\d{6}$/, 'An MFA code is six digits.') }).strict(),
      z.object({ requestId: z.string().min(1).max(100), cancel: z.literal(true) }).strict(),
    ]),
    z.object({}),
  ),
  /** MFA prompts and SSO sign-ins waiting for the operator now (a window that opened or reloaded late shows them). */
  'workspaces:list-prompts': invoke(z.object({}).strict(), z.object({ mfa: z.array(mfaRequestSchema), signIns: z.array(signInProgressSchema) })),
  /** The default workspace changed (by this window or at start-up). */
  'workspaces:selection-changed': event(workspaceSchema),
  /** A workspace's state changed (ok, signing in, expired, access denied, unreachable…). */
  'workspaces:status-changed': event(workspaceStatusSchema),
  /** An MFA code is needed; show the prompt. */
  'workspaces:mfa-requested': event(mfaRequestSchema),
  /** An MFA prompt was answered or withdrawn elsewhere; close it. */
  'workspaces:mfa-settled': event(z.object({ requestId: z.string() })),
  /** Progress of an SSO sign-in: the code to show, then how it ended. */
  'workspaces:sign-in-progressed': event(signInProgressSchema),
} as const;
