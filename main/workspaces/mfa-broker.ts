import { randomUUID } from 'node:crypto';
import type { MfaRefusal, MfaRequest } from '../../preload/contract/workspaces';
import { AwsError, NotFoundError } from '../errors/app-error';

/**
 * The operator did not give a code (cancelled, or no answer in time): the workspace waits for a
 * sign-in. An AwsError so every AWS call that needed the credentials reports it unchanged.
 */
export class MfaNotGivenError extends AwsError {
  constructor(profile: string, why: 'cancelled' | 'timeout') {
    super(
      {
        service: 'sts',
        operation: 'AssumeRole',
        awsCode: 'MfaCodeNotGiven',
        kind: 'credentials',
        message: why === 'cancelled' ? `No MFA code was given for profile "${profile}".` : `No MFA code was given for profile "${profile}" within 5 minutes.`,
      },
      { hint: 'Choose "Sign in" on the workspace to be asked again.' },
    );
  }
}

interface Pending {
  request: MfaRequest;
  resolve: (code: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const ANSWER_TIMEOUT_MS = 5 * 60_000;

/**
 * Asks the renderer for MFA codes and hands them to the credential provider. Codes live only in this
 * call chain: never stored, never logged. Two providers asking for the same device share one prompt.
 */
export class MfaBroker {
  private readonly pending = new Map<string, Pending>();
  /**
   * Profiles whose prompt the operator declined (or let time out): background syncs and timers must
   * not pop the dialog up again and again; "Sign in" on the workspace allows one more prompt.
   */
  private readonly declined = new Set<string>();
  /** Why AWS refused the last code, shown in the next prompt for the same profile. */
  private readonly refusals = new Map<string, MfaRefusal>();

  constructor(
    private readonly events: { requested(request: MfaRequest): void; settled(requestId: string): void },
    private readonly timeoutMs = ANSWER_TIMEOUT_MS,
  ) {}

  /** Resolves with the code the operator typed; rejects with MfaNotGivenError on cancel or timeout. */
  ask(profile: string, serial: string): Promise<string> {
    if (this.declined.has(profile)) return Promise.reject(new MfaNotGivenError(profile, 'cancelled'));
    const previousError = this.refusals.get(profile) ?? null;
    this.refusals.delete(profile);
    const shared = [...this.pending.values()].find((p) => p.request.profile === profile && p.request.serial === serial);
    if (shared) {
      return new Promise((resolve, reject) => {
        const { resolve: first, reject: firstReject } = shared;
        shared.resolve = (code) => (first(code), resolve(code));
        shared.reject = (error) => (firstReject(error), reject(error));
      });
    }
    return new Promise((resolve, reject) => {
      const request: MfaRequest = { requestId: randomUUID(), profile, serial, previousError };
      const timer = setTimeout(() => {
        this.declined.add(profile);
        this.settle(request.requestId, { error: new MfaNotGivenError(profile, 'timeout') });
      }, this.timeoutMs);
      timer.unref();
      this.pending.set(request.requestId, { request, resolve, reject, timer });
      this.events.requested(request);
    });
  }

  /** The renderer's answer. An unknown id (answered elsewhere, timed out) says so. */
  answer(answer: { requestId: string; code: string } | { requestId: string; cancel: true }): void {
    const entry = this.pending.get(answer.requestId);
    if (!entry) throw new NotFoundError('This MFA prompt is no longer waiting (it was answered, cancelled or timed out).');
    if ('code' in answer) this.settle(answer.requestId, { code: answer.code });
    else {
      this.declined.add(entry.request.profile);
      this.settle(answer.requestId, { error: new MfaNotGivenError(entry.request.profile, 'cancelled') });
    }
  }

  /** AWS refused the code the operator typed: the next prompt says so. */
  refused(profile: string, reason: MfaRefusal): void {
    this.refusals.set(profile, reason);
  }

  /** The operator asked to sign in again: the next credential lookup may prompt. */
  allow(profile: string): void {
    this.declined.delete(profile);
  }

  /** Prompts still open (a renderer that reloads shows them again). */
  open(): MfaRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** Withdraws every prompt (shutdown). */
  close(): void {
    for (const entry of [...this.pending.values()]) this.settle(entry.request.requestId, { error: new MfaNotGivenError(entry.request.profile, 'cancelled') });
  }

  private settle(requestId: string, outcome: { code: string } | { error: Error }): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    clearTimeout(entry.timer);
    this.events.settled(requestId);
    if ('code' in outcome) entry.resolve(outcome.code);
    else entry.reject(outcome.error);
  }
}
