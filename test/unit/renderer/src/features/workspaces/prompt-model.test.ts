import { describe, expect, it } from 'vitest';
import type { MfaRequest, SignInProgress } from '../../../../../../preload/contract/workspaces';
import {
  addMfaRequest,
  applySignIn,
  checkMfaCode,
  formatCountdown,
  settleMfaRequest,
  shownSignIn,
} from '../../../../../../renderer/src/features/workspaces/prompt-model';

describe('checkMfaCode', () => {
  it('accepts six digits, with the spaces and dashes authenticator apps show', () => {
    expect(checkMfaCode('123456')).toEqual({ code: '123456', problem: null });
    expect(checkMfaCode(' 123 456 ')).toEqual({ code: '123456', problem: null });
    expect(checkMfaCode('123-456')).toEqual({ code: '123456', problem: null });
  });

  it('names what is wrong: nothing typed, letters, too few or too many digits', () => {
    expect(checkMfaCode('').problem).toBe('empty');
    expect(checkMfaCode('12a456').problem).toBe('not-digits');
    expect(checkMfaCode('１２３４５６').problem).toBe('not-digits');
    expect(checkMfaCode('12345').problem).toBe('too-short');
    expect(checkMfaCode('1234567').problem).toBe('too-long');
  });
});

const request = (requestId: string, profile: string, previousError: string | null = null): MfaRequest => ({
  requestId,
  profile,
  serial: `arn:aws:iam::111122223333:mfa/${profile}`,
  previousError: previousError === null ? null : { message: previousError },
});

describe('the MFA queue', () => {
  it('keeps prompts in arrival order and drops a settled one', () => {
    const queue = addMfaRequest(addMfaRequest([], request('a', 'ops')), request('b', 'pay'));
    expect(queue.map((r) => r.requestId)).toEqual(['a', 'b']);
    expect(settleMfaRequest(queue, 'a').map((r) => r.requestId)).toEqual(['b']);
  });

  it('a retry after a refused code takes the old prompt’s place instead of queueing behind it', () => {
    const queue = addMfaRequest(addMfaRequest([], request('a', 'ops')), request('b', 'pay'));
    const retried = addMfaRequest(queue, request('c', 'ops', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'));
    expect(retried.map((r) => [r.requestId, r.previousError !== null])).toEqual([
      ['c', true],
      ['b', false],
    ]);
  });
});

const progress = (workspaceId: string, phase: SignInProgress['phase']): SignInProgress => ({
  workspaceId,
  profile: workspaceId,
  phase,
  userCode: phase === 'starting' ? null : 'ABCD-EFGH',
  verificationUri: 'http://127.0.0.1:1/start/#/device',
  pageOpened: true,
  expiresAt: 600_000,
  error: phase === 'failed' ? { code: 'AccessDeniedException', message: 'The sign-in was denied.', kind: 'credentials', retryable: false } : null,
});

describe('sign-in progress', () => {
  it('shows waiting before failed, and closes on success with a notice or on cancel without one', () => {
    let board = applySignIn({}, progress('a', 'failed')).board;
    board = applySignIn(board, progress('b', 'waiting')).board;
    expect(shownSignIn(board)?.workspaceId).toBe('b');

    const done = applySignIn(board, progress('b', 'succeeded'));
    expect(done.succeeded?.workspaceId).toBe('b');
    expect(shownSignIn(done.board)?.phase).toBe('failed');

    const cancelled = applySignIn(done.board, progress('a', 'cancelled'));
    expect(cancelled.succeeded).toBeNull();
    expect(shownSignIn(cancelled.board)).toBeNull();
  });
});

describe('formatCountdown', () => {
  it('reads minutes and seconds left, rounding up, and stops at 0:00', () => {
    expect(formatCountdown(600_000, 0)).toBe('10:00');
    expect(formatCountdown(600_000, 1)).toBe('10:00');
    expect(formatCountdown(65_000, 0)).toBe('1:05');
    expect(formatCountdown(1_000, 5_000)).toBe('0:00');
  });
});
