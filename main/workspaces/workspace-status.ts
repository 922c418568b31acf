import type { ErrorInfo } from '../../preload/contract/define';
import type { WorkspaceState, WorkspaceStatus } from '../../preload/contract/workspaces';

/** AWS and Capstan codes that mean "the credentials ran out": a refresh or a new sign-in fixes it. */
const expiredCodes = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
/** Codes that mean the operator must sign in (SSO) or answer a prompt (MFA) before anything works. */
const signInCodes = new Set(['SsoSignInRequired', 'SsoTokenExpired', 'UnauthorizedException', 'MfaCodeNotGiven', 'MfaCodeRefused']);
const deniedCodes = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AssumeRoleDenied']);
/** Keys AWS does not know, or a profile that cannot produce credentials: the config must change. */
const misconfiguredCodes = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsUnavailable',
  'ProfileMisconfigured',
  'CaBundleUnreadable',
  'CertificateUntrusted',
  'InvalidProxyUrl',
  'SourceProfileMissing',
  'RoleChainLoop',
  'SourceCredentialsRejected',
]);

/** What a failure says about the workspace as a whole (a throttled call says nothing: it is retried). */
export function stateForError(error: ErrorInfo): WorkspaceState | null {
  if (error.kind === 'cancelled') return null;
  if (expiredCodes.has(error.code)) return 'expired';
  if (signInCodes.has(error.code)) return 'needs-sign-in';
  if (deniedCodes.has(error.code)) return 'access-denied';
  // A bad CA bundle or proxy setting is reported as a network failure, but only the config can fix it.
  if (misconfiguredCodes.has(error.code)) return 'misconfigured';
  if (error.kind === 'network' || error.code === 'EndpointUnreachable' || error.code === 'ProxyRefused') return 'unreachable';
  if (error.kind === 'credentials') return 'misconfigured';
  return null;
}

/** Keeps each workspace's state and tells the renderer when one changes; a failing workspace never touches the others. */
export class WorkspaceStatusBoard {
  private readonly statuses = new Map<string, WorkspaceStatus>();

  constructor(
    private readonly emit: (status: WorkspaceStatus) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get(workspaceId: string): WorkspaceStatus {
    return this.statuses.get(workspaceId) ?? { workspaceId, state: 'unknown', callerArn: null, error: null, checkedAt: null };
  }

  /** Every known status, for the workspace list. */
  all(ids: readonly string[]): WorkspaceStatus[] {
    return ids.map((id) => this.get(id));
  }

  /** The credentials work; `callerArn` when STS just said who we are (kept from before otherwise). */
  ok(workspaceId: string, callerArn?: string): WorkspaceStatus {
    return this.set(workspaceId, { state: 'ok', error: null, ...(callerArn ? { callerArn } : {}) });
  }

  /** A check or a sign-in is under way. */
  pending(workspaceId: string, state: 'checking' | 'signing-in'): WorkspaceStatus {
    return this.set(workspaceId, { state });
  }

  /**
   * A call for this workspace failed. Errors that say nothing about the credentials or the network
   * (a throttle, a bad filter) leave the state alone; a failed check that says nothing still clears "checking".
   */
  failed(workspaceId: string, error: ErrorInfo): WorkspaceStatus {
    const state = stateForError(error);
    if (state) return this.set(workspaceId, { state, error });
    const current = this.get(workspaceId);
    if (current.state === 'checking' || current.state === 'signing-in') return this.set(workspaceId, { state: 'unknown', error });
    return current;
  }

  /** A profile that cannot become a workspace until its file is fixed. */
  misconfigured(workspaceId: string, error: ErrorInfo): WorkspaceStatus {
    return this.set(workspaceId, { state: 'misconfigured', error });
  }

  private set(workspaceId: string, change: Partial<Omit<WorkspaceStatus, 'workspaceId'>>): WorkspaceStatus {
    const before = this.get(workspaceId);
    const next: WorkspaceStatus = { ...before, ...change, workspaceId, checkedAt: this.now() };
    this.statuses.set(workspaceId, next);
    const changed = before.state !== next.state || before.callerArn !== next.callerArn || before.error?.message !== next.error?.message;
    if (changed) this.emit(next);
    return next;
  }
}
