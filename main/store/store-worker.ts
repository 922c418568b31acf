import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { BugError, CancelledError } from '../errors/app-error';
import { openDatabase } from './open-database';
import { repos } from './repos';
import { hasIdleTask, runOneIdleTask } from './store-idle';
import type { RepoMethod } from './repos';
import { serializeError } from './store-protocol';
import type { StoreWorkerInit, StoreWorkerRequest, StoreWorkerResponse } from './store-protocol';

// The store worker: the only thread that runs SQL. It owns one connection and serves repo calls
// one at a time: interactive calls first, each priority in the order the main thread sent them.

const port = parentPort;
if (!port) throw new BugError('store-worker must run in a worker thread.');

const post = (message: StoreWorkerResponse): void => port.postMessage(message);

type Call = Extract<StoreWorkerRequest, { type: 'call' }>;

function lookup(repoName: string, methodName: string): RepoMethod {
  // Own properties only, so a name like 'constructor' or '__proto__' can never reach a prototype.
  const repo: Record<string, RepoMethod> | undefined = Object.hasOwn(repos, repoName)
    ? (repos as Record<string, Record<string, RepoMethod>>)[repoName]
    : undefined;
  const method = repo && Object.hasOwn(repo, methodName) ? repo[methodName] : undefined;
  if (typeof method !== 'function') throw new BugError(`The store has no method ${repoName}.${methodName}.`);
  return method;
}

function run(db: Database, request: Call): void {
  try {
    const value = (lookup(request.repo, request.method) as (db: Database, params: unknown) => unknown)(db, request.params);
    post({ type: 'result', id: request.id, ok: true, value });
  } catch (error) {
    post({ type: 'result', id: request.id, ok: false, error: serializeError(error) });
  }
}

function runIdle(db: Database): void {
  try {
    runOneIdleTask(db);
  } catch (error) {
    // Upkeep that failed is redone by the query that needs it; nobody waits on this one.
    console.error('A store idle task failed:', error);
  }
}

function serve(db: Database): void {
  const interactive: Call[] = [];
  const background: Call[] = [];
  let scheduled = false;
  let closed = false;

  // One call per turn of the event loop: messages that arrived meanwhile are queued (and ranked)
  // before the next call is picked, so a keystroke's query waits for at most the call running.
  // Idle tasks (store-idle) run only when no call is queued, one per turn, after the result of
  // the call that left them has been posted: a write's caller never waits for its upkeep.
  const drain = (): void => {
    scheduled = false;
    if (closed) return;
    const next = interactive.shift() ?? background.shift();
    if (next) run(db, next);
    else runIdle(db);
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || closed || (interactive.length === 0 && background.length === 0 && !hasIdleTask(db))) return;
    scheduled = true;
    setImmediate(drain);
  };

  port!.on('message', (request: StoreWorkerRequest) => {
    if (request.type === 'close') {
      closed = true;
      db.close();
      port!.close();
      return;
    }
    const queue = request.options?.priority === 'interactive' ? interactive : background;
    const lane = request.options?.lane;
    if (lane !== undefined) {
      const index = queue.findIndex((queued) => queued.options?.lane === lane);
      if (index >= 0) {
        const [replaced] = queue.splice(index, 1);
        post({ type: 'result', id: replaced!.id, ok: false, error: serializeError(new CancelledError('Replaced by a newer query.')) });
      }
    }
    queue.push(request);
    schedule();
  });
}

const init = workerData as StoreWorkerInit;
try {
  const opened = openDatabase({ file: init.file, openedAt: init.openedAt });
  post({ type: 'ready', recovery: opened.recovery, schemaVersion: opened.schemaVersion });
  serve(opened.db);
} catch (error) {
  post({ type: 'open-failed', error: serializeError(error) });
  port.close();
}
