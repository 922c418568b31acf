import { SSMClient } from '@aws-sdk/client-ssm';
import { parentPort } from 'node:worker_threads';
import { asAppError, BugError, CancelledError, throwIfAborted } from '../../errors/app-error';
import { FetchRun } from './fetch-job';
import { errorFromInfo, type FetchJob, type FetchReply, type FetchRequest, type WorkerCredentials } from './fetch-protocol';

// The inventory fetch worker: makes the GetInventory calls of a sync and turns the answers into
// write batches, so their JSON parsing, the SDK's deserialisation and the garbage they leave never
// run on the main thread. Main sees only progress counters and opaque batches it forwards to the store.

const port = parentPort;
if (!port) throw new BugError('inventory fetch-worker must run in a worker thread.');

const post = (message: FetchReply, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

interface Running {
  run: FetchRun | null;
  controller: AbortController;
  /** Resolves with main's answer to the listing: the ids to fetch. */
  stale: (ids: string[]) => void;
}

const running = new Map<number, Running>();
const credentialRequests = new Map<number, { resolve: (c: WorkerCredentials) => void; reject: (e: unknown) => void }>();
let nextRequestId = 0;

// Refresh a little before AWS would refuse them, as the SDK's own providers do.
const credentialMarginMs = 5 * 60_000;

function credentialsFor(jobId: number): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }> {
  let cached: WorkerCredentials | null = null;
  return async () => {
    if (!cached || (cached.expiration !== undefined && cached.expiration - credentialMarginMs <= Date.now())) {
      const requestId = ++nextRequestId;
      cached = await new Promise<WorkerCredentials>((resolve, reject) => {
        credentialRequests.set(requestId, { resolve, reject });
        post({ type: 'need-credentials', jobId, requestId });
      });
    }
    const { expiration, ...rest } = cached;
    return expiration === undefined ? rest : { ...rest, expiration: new Date(expiration) };
  };
}

/** Waits for main to name the stale nodes; rejects when the job is cancelled meanwhile. */
function staleIds(entry: Running, signal: AbortSignal): Promise<string[]> {
  throwIfAborted(signal);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    entry.stale = (ids) => {
      signal.removeEventListener('abort', onAbort);
      resolve(ids);
    };
  });
}

async function start(job: FetchJob): Promise<void> {
  const entry: Running = { run: null, controller: new AbortController(), stale: () => {} };
  running.set(job.jobId, entry);
  const { signal } = entry.controller;
  const ssm = new SSMClient({
    region: job.client.region,
    ...(job.client.endpoint ? { endpoint: job.client.endpoint } : {}),
    maxAttempts: job.client.maxAttempts,
    retryMode: job.client.retryMode,
    credentials: credentialsFor(job.jobId),
  });
  let calls = 0;
  let throttled = 0;
  let nodesListed = 0;
  const counters = (): void => post({ type: 'counters', jobId: job.jobId, calls, throttled, nodesListed });
  try {
    entry.run = new FetchRun(
      job,
      ssm,
      {
        onCall: () => {
          calls += 1;
          counters();
        },
        onThrottled: () => {
          throttled += 1;
          counters();
        },
        listing: (count) => {
          nodesListed = count;
          counters();
        },
        batch: (bytes, nodes, rows) => post({ type: 'batch', jobId: job.jobId, bytes, nodes, rows }, [bytes.buffer as ArrayBuffer]),
      },
      signal,
    );
    const listed = await entry.run.list();
    const answer = staleIds(entry, signal);
    post({ type: 'listed', jobId: job.jobId, ids: listed.map((n) => n.instanceId), captureTimes: listed.map((n) => n.captureTime) });
    const stale = await answer;
    if (stale.length) await entry.run.fetch(stale);
    post({ type: 'end', jobId: job.jobId, error: null });
  } catch (error) {
    post({ type: 'end', jobId: job.jobId, error: asAppError(error).toInfo() });
  } finally {
    running.delete(job.jobId);
    ssm.destroy();
  }
}

port.on('message', (request: FetchRequest) => {
  switch (request.type) {
    case 'start':
      void start(request.job);
      return;
    case 'cancel':
      running.get(request.jobId)?.controller.abort();
      return;
    case 'fetch':
      running.get(request.jobId)?.stale(request.staleIds);
      return;
    case 'written':
      running.get(request.jobId)?.run?.written();
      return;
    case 'credentials': {
      const pending = credentialRequests.get(request.requestId);
      credentialRequests.delete(request.requestId);
      if (!pending) return;
      if (request.ok) pending.resolve(request.credentials);
      else pending.reject(errorFromInfo(request.error));
      return;
    }
  }
});
