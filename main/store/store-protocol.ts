import type { ErrorInfo, ErrorText } from '../../preload/contract/define';
import type { PlainErrorTextKey } from '../../preload/contract/error-texts';
import { AppError, BugError, CancelledError, NotFoundError, StoreError, ValidationError } from '../errors/app-error';
import { errorText, textFrom } from '../errors/error-text';
import type { StoreRecovery } from './open-database';

/** What the main thread hands the worker at start (workerData). */
export interface StoreWorkerInit {
  file: string;
  /** The clock reading used to name a moved-aside file. */
  openedAt: number;
}

/** How the worker schedules one call (see Store.run). */
export interface StoreCallOptions {
  /**
   * 'interactive' calls (an operator waiting on the answer) are served before 'background' ones
   * (sync writes) still queued in the worker. Calls of one priority keep the order they were sent in.
   */
  priority?: 'interactive' | 'background';
  /**
   * A call with a lane replaces a call of the same lane still queued in the worker (not started):
   * the replaced call rejects with CancelledError. For queries whose answer is worthless once a
   * newer one is asked (the quick filter's keystrokes).
   */
  lane?: string;
}

/** Main → worker. */
export type StoreWorkerRequest =
  | { type: 'call'; id: number; repo: string; method: string; params: unknown; options?: StoreCallOptions }
  | { type: 'close' };

/** Worker → main. */
export type StoreWorkerResponse =
  | { type: 'ready'; recovery: StoreRecovery | null; schemaVersion: number }
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError };

/** An error as it crosses the thread boundary: enough to rebuild the same class on the other side. */
export interface SerializedError {
  /** Class name: 'ValidationError', 'SqliteError', 'TypeError', … */
  name: string;
  kind: ErrorInfo['kind'];
  code: string;
  message: string;
  hint?: string;
  /** The keys of message and hint, so they stay translatable on the main thread. */
  text?: ErrorText;
  hintText?: ErrorText;
  retryable: boolean;
  stack?: string;
}

/** What to do about a SQLite failure, by the family of its extended code. */
function sqliteHintKey(sqliteCode: string): PlainErrorTextKey | undefined {
  if (/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode)) return 'store.busyHint';
  if (/^SQLITE_FULL/.test(sqliteCode)) return 'store.diskFullHint';
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode)) return 'store.corruptHint';
  if (/^SQLITE_(READONLY|CANTOPEN|PERM|IOERR|AUTH)/.test(sqliteCode)) return 'store.fileAccessHint';
  return undefined;
}

/** A SQLite failure inside the worker; `sqliteCode` is SQLite's extended code (SQLITE_BUSY, …). */
export class SqliteStoreError extends StoreError {
  readonly sqliteCode: string;

  constructor(sqliteCode: string, message: string, options: { cause?: unknown } = {}) {
    // SQLite's own message stays as SQLite wrote it (like AWS's); the hint is ours and keyed.
    const hintKey = sqliteHintKey(sqliteCode);
    // Only a busy or locked file clears on its own.
    super('SqliteError', message, { ...options, retryable: hintKey === 'store.busyHint', ...(hintKey ? { hint: errorText(hintKey) } : {}) });
    this.sqliteCode = sqliteCode;
  }
}

/** Turns anything thrown in the worker into a structured-cloneable record. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    return {
      name: error.name,
      kind: error.kind,
      code: error instanceof SqliteStoreError ? error.sqliteCode : error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.text ? { text: error.text } : {}),
      ...(error.hintText ? { hintText: error.hintText } : {}),
      retryable: error.retryable,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  if (error instanceof Error) {
    // better-sqlite3's SqliteError carries SQLite's code (SQLITE_CONSTRAINT_PRIMARYKEY, …).
    const sqliteCode = error.name === 'SqliteError' ? (error as Error & { code?: unknown }).code : undefined;
    return {
      name: error.name,
      kind: 'store',
      code: typeof sqliteCode === 'string' ? sqliteCode : 'StoreFailed',
      message: error.message,
      retryable: false,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { name: 'Error', kind: 'store', code: 'StoreFailed', message: String(error), retryable: false };
}

/** Rebuilds the worker's error on the main thread, keeping AppError classes and codes. */
export function deserializeError(s: SerializedError): AppError {
  // The worker's stack, kept as the cause so logs show where in the repo it failed.
  const cause = s.stack ? Object.assign(new Error(s.message), { name: `${s.name} (store worker)`, stack: s.stack }) : undefined;
  const options = { cause, ...(s.hint ? { hint: textFrom(s.hint, s.hintText) } : {}) };
  const message = textFrom(s.message, s.text);
  switch (s.name) {
    case 'SqliteError':
    case 'SqliteStoreError':
      return new SqliteStoreError(s.code, s.message, { cause });
    case 'ValidationError':
      return new ValidationError(message, options);
    case 'NotFoundError':
      return new NotFoundError(message, options);
    case 'CancelledError':
      return new CancelledError(s.message);
    case 'BugError':
      return new BugError(message, options);
    case 'StoreError':
      return new StoreError(s.code, message, { ...options, retryable: s.retryable });
    default:
      if (s.kind !== 'store' || s.code !== 'StoreFailed') {
        // Some other AppError subclass: keep its kind and code, which is what the UI reads.
        return new AppError(s.kind, s.code, message, { ...options, retryable: s.retryable });
      }
      return new StoreError('StoreFailed', errorText('store.failed', { detail: s.message }), { ...options, hint: errorText('store.restartHint') });
  }
}
