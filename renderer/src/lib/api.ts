import type { BridgeApi } from '../../../preload/contract/bridge-api';
import type { ErrorInfo, Result } from '../../../preload/contract/define';

declare global {
  interface Window {
    /** Provided by the preload (or the test host's stand-in bridge); absent on a bare page. */
    capstan?: BridgeApi;
  }
}

/** A failed bridge call, carrying main's ErrorInfo so the UI can show code, message and hint. */
export class ApiError extends Error {
  readonly info: ErrorInfo;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.info = info;
  }
}

/** True when the page runs with a bridge; without one the app shows a full-page error instead. */
export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.capstan === 'object' && window.capstan !== null;
}

/** The bridge; throws an ApiError (not a TypeError) when the page runs without one. */
export function bridge(): BridgeApi {
  const api = window.capstan;
  if (!api) {
    throw new ApiError({
      code: 'BridgeMissing',
      message: 'The Capstan bridge is not available in this page.',
      kind: 'bug',
      retryable: false,
    });
  }
  return api;
}

/** Turns an invoke result into its value, or throws an ApiError; transport failures become network errors. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    // The transport itself failed (window closing, test host gone): retryable, never a crash.
    throw new ApiError({
      code: 'BridgeError',
      message: error instanceof Error ? error.message : String(error),
      kind: 'network',
      retryable: true,
    });
  }
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

/** The ErrorInfo behind any thrown value, so every error surface can show a code. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return error.info;
  return {
    code: 'UnexpectedError',
    message: error instanceof Error ? error.message : String(error),
    kind: 'bug',
    retryable: false,
  };
}
