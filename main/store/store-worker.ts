import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { BugError } from '../errors/app-error';
import { openDatabase } from './open-database';
import { repos } from './repos';
import type { RepoMethod } from './repos';
import { serializeError } from './store-protocol';
import type { StoreWorkerInit, StoreWorkerRequest, StoreWorkerResponse } from './store-protocol';

// The store worker: the only thread that runs SQL. It owns one connection and serves repo calls
// one at a time, in the order the main thread sent them.

const port = parentPort;
if (!port) throw new BugError('store-worker must run in a worker thread.');

const post = (message: StoreWorkerResponse): void => port.postMessage(message);

function lookup(repoName: string, methodName: string): RepoMethod {
  // Own properties only, so a name like 'constructor' or '__proto__' can never reach a prototype.
  const repo: Record<string, RepoMethod> | undefined = Object.hasOwn(repos, repoName)
    ? (repos as Record<string, Record<string, RepoMethod>>)[repoName]
    : undefined;
  const method = repo && Object.hasOwn(repo, methodName) ? repo[methodName] : undefined;
  if (typeof method !== 'function') throw new BugError(`The store has no method ${repoName}.${methodName}.`);
  return method;
}

function serve(db: Database): void {
  port!.on('message', (request: StoreWorkerRequest) => {
    if (request.type === 'close') {
      db.close();
      port!.close();
      return;
    }
    try {
      const value = (lookup(request.repo, request.method) as (db: Database, params: unknown) => unknown)(db, request.params);
      post({ type: 'result', id: request.id, ok: true, value });
    } catch (error) {
      post({ type: 'result', id: request.id, ok: false, error: serializeError(error) });
    }
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
