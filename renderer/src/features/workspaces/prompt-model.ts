// Pure rules of the MFA and SSO sign-in prompts: which one shows, what the typed code is worth, how long is left.
import type { MfaRequest, SignInProgress } from '../../../../preload/contract/workspaces';

/** What is wrong with a typed MFA code, if anything; `code` is what would be sent. */
export interface MfaCodeCheck {
  code: string;
  problem: 'empty' | 'not-digits' | 'too-short' | 'too-long' | null;
}

export const MFA_CODE_LENGTH = 6;

/**
 * Checks an MFA code as typed. Spaces and dashes are dropped (authenticator apps show "123 456" and
 * a paste keeps them); anything else that is not a digit is refused, never silently removed.
 */
export function checkMfaCode(typed: string): MfaCodeCheck {
  const code = typed.replace(/[\s-]/g, '');
  if (code === '') return { code, problem: 'empty' };
  if (!/^\d+$/.test(code)) return { code, problem: 'not-digits' };
  if (code.length < MFA_CODE_LENGTH) return { code, problem: 'too-short' };
  if (code.length > MFA_CODE_LENGTH) return { code, problem: 'too-long' };
  return { code, problem: null };
}

/** MFA prompts waiting for an answer, oldest first: a second profile's prompt waits its turn. */
export function addMfaRequest(queue: readonly MfaRequest[], request: MfaRequest): MfaRequest[] {
  // A retry after a refused code comes for the same profile and device: it replaces the old prompt.
  const rest = queue.filter((r) => r.requestId !== request.requestId && !(r.profile === request.profile && r.serial === request.serial));
  const at = queue.findIndex((r) => r.profile === request.profile && r.serial === request.serial);
  if (at < 0) return [...rest, request];
  return [...rest.slice(0, at), request, ...rest.slice(at)];
}

/** The queue once a prompt was answered or withdrawn. */
export function settleMfaRequest(queue: readonly MfaRequest[], requestId: string): MfaRequest[] {
  return queue.filter((r) => r.requestId !== requestId);
}

/** Sign-ins the dialog shows: waiting for the operator, or failed and not yet dismissed. */
export type SignInBoard = Readonly<Record<string, SignInProgress>>;

/** What the renderer does with one progress event: keep showing it, close it, or close it with a notice. */
export interface SignInUpdate {
  board: SignInBoard;
  /** Set when a sign-in just succeeded: the notice names the profile. */
  succeeded: SignInProgress | null;
}

/** Applies a sign-in progress event: starting/waiting/failed show, succeeded/cancelled close. */
export function applySignIn(board: SignInBoard, progress: SignInProgress): SignInUpdate {
  const next: Record<string, SignInProgress> = { ...board };
  if (progress.phase === 'succeeded' || progress.phase === 'cancelled') {
    delete next[progress.workspaceId];
    return { board: next, succeeded: progress.phase === 'succeeded' ? progress : null };
  }
  next[progress.workspaceId] = progress;
  return { board: next, succeeded: null };
}

/** The sign-in the dialog shows: the one waiting for the operator's browser first, then a failed one. */
export function shownSignIn(board: SignInBoard): SignInProgress | null {
  const all = Object.values(board);
  return all.find((p) => p.phase === 'waiting') ?? all.find((p) => p.phase === 'starting') ?? all.find((p) => p.phase === 'failed') ?? null;
}

/** "9:58" left until the device code expires; "0:00" once it has. */
export function formatCountdown(expiresAt: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}
