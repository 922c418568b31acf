import type { MfaRefusal, SignInProgress, WorkspaceStatus } from '../../preload/contract/workspaces';
import { asAppError, CancelledError, ValidationError } from '../errors/app-error';
import type { Workspace } from '../../preload/contract/workspaces';
import { errorText, keyOf } from '../errors/error-text';
import { stateForError, type WorkspaceStatusBoard } from './workspace-status';

/** What the SSO device flow reports once AWS handed out a code. */
export interface DeviceCode {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: number;
}

interface WorkspaceAccessDeps {
  statuses: WorkspaceStatusBoard;
  workspace: (workspaceId: string) => Promise<Workspace>;
  /** STS GetCallerIdentity with the workspace's credentials (may ask for an MFA code on the way). */
  callerArn: (workspaceId: string) => Promise<string>;
  /** Runs the device-authorization flow for the profile's SSO session and writes the shared token cache. */
  ssoSignIn: (profile: string, options: { signal: AbortSignal; onCode: (code: DeviceCode) => void }) => Promise<void>;
  /** AWS refused a typed MFA code for this workspace's profile: the next prompt shows why. */
  mfaRefused: (workspaceId: string, reason: MfaRefusal) => void;
  /** Drops cached clients and credentials so the next call reads the new token or asks for a new code. */
  forgetCredentials: (workspaceId: string) => Promise<void> | void;
  openExternal: (url: string) => Promise<void>;
  progressed: (progress: SignInProgress) => void;
  /** The SSO session (its name, or the start URL of a legacy profile) a workspace signs in to; null when none. */
  ssoSessionOf?: (workspaceId: string) => Promise<string | null>;
  /** An SSO sign-in succeeded: other workspaces on the same session may work now too. */
  signedIn?: (workspaceId: string) => void;
  /** The credentials work again: re-sync what was waiting on them. */
  recovered: (workspaceId: string) => void;
  log?: (message: string, detail?: unknown) => void;
}

/** States from which "it works now" is no news: nothing waits to be synced again. */
const quietStates: ReadonlySet<string> = new Set(['ok', 'unknown', 'checking']);

/** How many MFA codes one check asks for before the workspace waits for "Sign in". */
const MFA_ATTEMPTS = 3;

interface RunningSignIn {
  controller: AbortController;
  progress: SignInProgress;
  done: Promise<WorkspaceStatus>;
  /** The SSO session this flow signs in to; null when not known. */
  sessionKey: string | null;
  /** Other workspaces of the same session that asked to sign in meanwhile: one browser flow serves them all. */
  joined: Set<string>;
}

/**
 * Checks who each workspace's credentials belong to and gets them back when they ran out: an SSO
 * sign-in in the system browser, or an MFA prompt (asked by the credential provider on the way).
 */
export class WorkspaceAccess {
  private readonly signIns = new Map<string, RunningSignIn>();

  constructor(private readonly deps: WorkspaceAccessDeps) {}

  /** Asks STS who we are; the answer (or why it failed) becomes the workspace's state. */
  async check(workspaceId: string): Promise<WorkspaceStatus> {
    const { statuses } = this.deps;
    const before = statuses.get(workspaceId).state;
    if (before !== 'signing-in') statuses.pending(workspaceId, 'checking');
    for (let attempt = 1; ; attempt += 1) {
      try {
        const arn = await this.deps.callerArn(workspaceId);
        // A sync may have failed on the same credentials while this check waited for the operator.
        const meanwhile = statuses.get(workspaceId).state;
        const status = statuses.ok(workspaceId, arn);
        if (!quietStates.has(before) || !quietStates.has(meanwhile)) this.deps.recovered(workspaceId);
        return status;
      } catch (error) {
        const info = asAppError(error).toInfo();
        // A mistyped code is asked again, saying why, as the AWS CLI does; the third refusal stands.
        if (info.code === 'MfaCodeRefused' && attempt < MFA_ATTEMPTS) {
          this.deps.mfaRefused(workspaceId, { message: info.message, ...(info.text ? { text: info.text } : {}) });
          await this.deps.forgetCredentials(workspaceId);
          continue;
        }
        return statuses.failed(workspaceId, info);
      }
    }
  }

  /**
   * "Sign in": SSO profiles run the device flow when no valid token is cached; every profile then
   * re-reads its credentials (an MFA role asks for a code) and checks them with STS.
   */
  async signIn(workspaceId: string): Promise<WorkspaceStatus> {
    // A second click while the browser flow waits changes nothing; the dialog already shows the code.
    if (this.signIns.has(workspaceId)) return this.deps.statuses.get(workspaceId);
    const workspace = await this.deps.workspace(workspaceId);
    if (workspace.kind === 'training') return this.check(workspaceId);
    await this.deps.forgetCredentials(workspaceId);
    if (workspace.credentialSource !== 'sso') {
      this.deps.statuses.pending(workspaceId, 'signing-in');
      return this.check(workspaceId);
    }
    // The token cache may already hold a good token (another profile of the session, or `aws sso
    // login`); and a proxy or CA problem is not fixed by a browser sign-in. Only a missing or dead
    // token starts the device flow.
    const checked = await this.check(workspaceId);
    if (checked.state !== 'needs-sign-in' && checked.state !== 'expired') return checked;
    if (this.signIns.has(workspaceId)) return this.deps.statuses.get(workspaceId);
    const sessionKey = (await this.deps.ssoSessionOf?.(workspaceId)) ?? null;
    const sameSession = sessionKey === null ? undefined : [...this.signIns.values()].find((e) => e.sessionKey === sessionKey);
    if (sameSession) {
      sameSession.joined.add(workspaceId);
      return this.deps.statuses.pending(workspaceId, 'signing-in');
    }
    const controller = new AbortController();
    const progress: SignInProgress = {
      workspaceId,
      profile: workspace.profile ?? '',
      phase: 'starting',
      userCode: null,
      verificationUri: null,
      pageOpened: true,
      expiresAt: null,
      error: null,
    };
    const entry: RunningSignIn = { controller, progress, done: Promise.resolve(this.deps.statuses.get(workspaceId)), sessionKey, joined: new Set() };
    this.signIns.set(workspaceId, entry);
    this.deps.statuses.pending(workspaceId, 'signing-in');
    this.report(entry, {});
    entry.done = this.runSso(entry, workspace.profile ?? '').finally(() => this.signIns.delete(workspaceId));
    return this.deps.statuses.get(workspaceId);
  }

  /** Stops a waiting SSO sign-in; the workspace goes back to needing one. */
  cancel(workspaceId: string): WorkspaceStatus {
    this.signIns.get(workspaceId)?.controller.abort();
    return this.deps.statuses.get(workspaceId);
  }

  /** Opens the verification page again (the operator closed the browser tab). */
  async reopen(workspaceId: string): Promise<void> {
    const running = this.signIns.get(workspaceId);
    const uri = running?.progress.verificationUri;
    if (!uri) throw new ValidationError('No sign-in is waiting for this workspace.', { hint: 'Choose "Sign in" to start one.' });
    await this.deps.openExternal(uri);
  }

  /** Sign-ins still under way, as last reported. */
  open(): SignInProgress[] {
    return [...this.signIns.values()].map((entry) => entry.progress);
  }

  /** Cancels every sign-in (shutdown). */
  async close(): Promise<void> {
    const all = [...this.signIns.values()];
    for (const entry of all) entry.controller.abort();
    await Promise.allSettled(all.map((entry) => entry.done));
  }

  private async runSso(entry: RunningSignIn, profile: string): Promise<WorkspaceStatus> {
    const { workspaceId } = entry.progress;
    try {
      await this.deps.ssoSignIn(profile, {
        signal: entry.controller.signal,
        onCode: (code) => {
          this.report(entry, { phase: 'waiting', userCode: code.userCode, verificationUri: code.verificationUriComplete, expiresAt: code.expiresAt });
          // The page carries the code; the operator only compares it with the one on screen. A page the
          // browser policy refuses (or no browser) is shown to copy instead of claimed as opened.
          this.deps.openExternal(code.verificationUriComplete).catch((error: unknown) => {
            this.deps.log?.('could not open the SSO sign-in page', error);
            if (this.signIns.get(workspaceId) === entry) this.report(entry, { pageOpened: false });
          });
        },
      });
      await this.deps.forgetCredentials(workspaceId);
      const status = await this.check(workspaceId);
      this.report(entry, status.state === 'ok' ? { phase: 'succeeded' } : { phase: 'failed', error: status.error });
      if (status.state === 'ok') {
        this.deps.recovered(workspaceId);
        this.deps.signedIn?.(workspaceId);
      }
      for (const other of entry.joined) {
        await this.deps.forgetCredentials(other);
        await this.check(other);
      }
      return status;
    } catch (error) {
      const info = asAppError(error).toInfo();
      const cancelled = error instanceof CancelledError || info.kind === 'cancelled';
      this.report(entry, cancelled ? { phase: 'cancelled' } : { phase: 'failed', error: info });
      // Cancelled, denied, expired code: the workspace still has no token and needs a sign-in. A
      // network or configuration failure keeps its own state (Retry, not another browser tab).
      const state = stateForError(info);
      const cancelledText = errorText('sso.cancelled', { profile });
      const signInAgain = errorText('sso.signInAgainHint');
      const outcome =
        !cancelled && state !== null && state !== 'needs-sign-in' && state !== 'expired'
          ? info
          : {
              ...info,
              code: 'SsoSignInRequired',
              kind: 'credentials' as const,
              // Keyed like main's other errors, so the strip says it in the operator's language.
              ...(cancelled ? { message: cancelledText.english, text: keyOf(cancelledText) } : {}),
              ...(info.hint ? {} : { hint: signInAgain.english, hintText: keyOf(signInAgain) }),
            };
      // The workspaces that waited on this flow end as it did.
      for (const other of entry.joined) this.deps.statuses.failed(other, outcome);
      return this.deps.statuses.failed(workspaceId, outcome);
    }
  }

  private report(entry: RunningSignIn, change: Partial<SignInProgress>): void {
    entry.progress = { ...entry.progress, ...change };
    this.deps.progressed(entry.progress);
  }
}
