import type { ErrorInfo, ErrorText } from '../../preload/contract/define';
import { englishOf, errorText, keyOf } from './error-text';
import type { TextOrKey } from './error-text';

type Kind = ErrorInfo['kind'];

interface AppErrorOptions {
  /** What to do; keyed (errorText) when we wrote it, so the renderer can translate it. */
  hint?: TextOrKey;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Base of every error Capstan shows an operator: a stable code, a sentence, and what to do.
 * `message` and `hint` are English (logs, audit, fallback); `text` and `hintText` are their keys.
 */
export class AppError extends Error {
  readonly code: string;
  readonly kind: Kind;
  readonly hint: string | undefined;
  readonly text: ErrorText | undefined;
  readonly hintText: ErrorText | undefined;
  readonly retryable: boolean;

  constructor(kind: Kind, code: string, message: TextOrKey, options: AppErrorOptions = {}) {
    super(englishOf(message), { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.text = keyOf(message);
    this.hint = options.hint === undefined ? undefined : englishOf(options.hint);
    this.hintText = keyOf(options.hint);
    this.retryable = options.retryable ?? false;
  }

  /** The renderer-safe form: no stack, no cause chain. */
  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      kind: this.kind,
      retryable: this.retryable,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.text ? { text: this.text } : {}),
      ...(this.hint && this.hintText ? { hintText: this.hintText } : {}),
    };
  }
}

/** Input that does not satisfy a contract or a rule; the message says what to fix. */
export class ValidationError extends AppError {
  constructor(message: TextOrKey, options: AppErrorOptions = {}) {
    super('validation', 'ValidationError', message, options);
  }
}

/** Something the operator named does not exist (a workspace, a node). */
export class NotFoundError extends AppError {
  constructor(message: TextOrKey, options: AppErrorOptions = {}) {
    super('not-found', 'NotFound', message, options);
  }
}

/** Work stopped because the operator asked; never shown as a failure. */
export class CancelledError extends AppError {
  constructor(message = 'Cancelled.') {
    super('cancelled', 'Cancelled', message);
  }
}

/** The local cache could not be read or written. */
export class StoreError extends AppError {
  constructor(code: string, message: TextOrKey, options: AppErrorOptions = {}) {
    super('store', code, message, options);
  }
}

/** An invariant broke: a defect in Capstan, not the operator's doing. */
export class BugError extends AppError {
  constructor(message: TextOrKey, options: AppErrorOptions = {}) {
    super('bug', 'InternalBug', message, options);
  }
}

/** A call to AWS failed; carries the AWS code even when AWS sent no message. */
export class AwsError extends AppError {
  readonly service: string;
  readonly operation: string;
  readonly awsCode: string;
  readonly requestId: string | undefined;

  constructor(
    fields: { service: string; operation: string; awsCode: string; message: TextOrKey; requestId?: string; kind?: Kind },
    options: AppErrorOptions = {},
  ) {
    super(fields.kind ?? 'aws', fields.awsCode, fields.message, options);
    this.service = fields.service;
    this.operation = fields.operation;
    this.awsCode = fields.awsCode;
    this.requestId = fields.requestId;
  }

  override toInfo(): ErrorInfo {
    return {
      ...super.toInfo(),
      awsOperation: this.operation,
      ...(this.requestId ? { requestId: this.requestId } : {}),
    };
  }
}

/** Any thrown value as an AppError; unknown throwables become a BugError that keeps the original. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BugError(errorText('app.unexpected', { detail }), { cause: error });
}

/** Throws CancelledError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** A Session Manager session failed or ended abnormally (data channel, handshake, reconnect). */
export class SessionError extends AppError {
  constructor(code: string, message: TextOrKey, options: AppErrorOptions = {}) {
    super('session', code, message, options);
  }
}
