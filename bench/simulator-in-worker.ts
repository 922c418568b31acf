import { createRequire } from 'node:module';
import { dirname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SimulatorWorkerReply } from './simulator-worker';

/** A training fleet running in a worker thread of the bench, as AWS runs elsewhere: its JSON work is not the bench's. */
export interface SimulatorInWorker {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

/** Starts bench/simulator-worker.ts in a worker thread and resolves once it listens. */
export async function simulatorInWorker(options: { nodes: number; seed: number; port: number }): Promise<SimulatorInWorker> {
  // Node 20 starts no .ts worker even with `--import tsx` (see main/store/store.ts): an eval'd
  // bootstrap registers tsx through its ESM API, then imports the worker.
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  const api = pathToFileURL(resolvePath(dirname(manifest), exports['./esm/api']?.import?.default ?? '')).href;
  const entry = new URL('./simulator-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  let closed: (() => void) | undefined;
  const ready = await new Promise<Extract<SimulatorWorkerReply, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: SimulatorWorkerReply) => {
      if (reply.kind === 'ready') resolve(reply);
      else if (reply.kind === 'closed') closed?.();
    });
  });
  return {
    endpoint: ready.endpoint,
    region: ready.region,
    credentials: { accessKeyId: ready.accessKeyId, secretAccessKey: ready.secretAccessKey },
    close: async () => {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ kind: 'close' });
      });
      await worker.terminate();
    },
  };
}
