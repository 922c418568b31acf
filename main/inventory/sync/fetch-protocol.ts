import type { ErrorInfo } from '../../../preload/contract/define';
import { AppError, AwsError, CancelledError } from '../../errors/app-error';
import { textFrom } from '../../errors/error-text';
import type { BackoffOptions } from './throttled-inventory';

/**
 * Messages between the inventory service (main thread) and its fetch worker. Credentials never
 * travel in a job: the worker asks for them when its SDK client needs them, and main answers from
 * the workspace's own credential provider (which refreshes them), so they stay inside this process
 * and are not written anywhere.
 */

/** A node as the capture-time listing found it (kept in the worker; main sees only id and time). */
export interface ListedNode {
  instanceId: string;
  platformType: string;
  captureTime: string | null;
  /** Its AWS:InstanceInformation content from the listing, stored as that type's entries. */
  info: unknown[];
}

/** Where and how the worker's SDK client calls SSM: the same as the workspace's client on main. */
export interface FetchClientConfig {
  region: string;
  endpoint?: string;
  maxAttempts: number;
  retryMode: string;
}

/**
 * One sync's fetching: list every node's capture time, wait for main to say which are stale, fetch
 * those (all content types) in write batches of about writeBatchRows rows.
 */
export interface FetchJob {
  jobId: number;
  client: FetchClientConfig;
  concurrency: number;
  nodesPerCall: number;
  writeBatchRows: number;
  backoff: BackoffOptions;
}

/** Credentials as the SDK's identity; expiration in epoch ms. */
export interface WorkerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: number;
}

/** Main → worker. */
export type FetchRequest =
  | { type: 'start'; job: FetchJob }
  | { type: 'cancel'; jobId: number }
  /** The nodes of the listing whose capture time differs from the cache's. */
  | { type: 'fetch'; jobId: number; staleIds: string[] }
  /** The store wrote a batch: the worker may have one more in flight. */
  | { type: 'written'; jobId: number }
  | { type: 'credentials'; requestId: number; ok: true; credentials: WorkerCredentials }
  | { type: 'credentials'; requestId: number; ok: false; error: ErrorInfo };

/** Worker → main. */
export type FetchReply =
  | { type: 'batch'; jobId: number; bytes: Uint8Array; nodes: number; rows: number }
  | { type: 'counters'; jobId: number; calls: number; throttled: number; nodesListed: number }
  /** The complete listing, as two parallel arrays (cheap to clone: no object per node). */
  | { type: 'listed'; jobId: number; ids: string[]; captureTimes: Array<string | null> }
  | { type: 'need-credentials'; jobId: number; requestId: number }
  | { type: 'end'; jobId: number; error: ErrorInfo | null };

/** Rebuilds an error sent across the thread boundary, keeping what the UI and the service read. */
export function errorFromInfo(info: ErrorInfo): AppError {
  const options = { retryable: info.retryable, ...(info.hint ? { hint: textFrom(info.hint, info.hintText) } : {}) };
  const message = textFrom(info.message, info.text);
  if (info.kind === 'cancelled') return new CancelledError(info.message);
  if (info.awsOperation) {
    return new AwsError(
      { service: 'ssm', operation: info.awsOperation, awsCode: info.code, message, kind: info.kind, ...(info.requestId ? { requestId: info.requestId } : {}) },
      options,
    );
  }
  return new AppError(info.kind, info.code, message, options);
}
