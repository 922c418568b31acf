import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Sqlite from 'better-sqlite3';
import { createSsmClient } from '../main/aws/ssm-client-factory';
import { InventoryService } from '../main/inventory/inventory-service';
import { createInventoryStore, type InventoryStore } from '../main/inventory/inventory-store';
import { Store } from '../main/store/store';
import { atLeast, info, percentile, under, type Metric } from './harness';
import { simulatorInWorker, type SimulatorInWorker } from './simulator-in-worker';

const NODES = 10_000;
const WORKSPACE = 'training';
// What an operator types when a Java or OpenSSL advisory lands, plus a word nothing matches.
const KEYWORDS = ['java', 'openjdk', '8u', 'corretto', 'kb50', 'nginx', 'ssl', 'zzqx-no-such-package'];
const SEARCH_RUNS = 10;
const SHARE_RUNS = 7;
const AWS_CLI = '/usr/bin/aws';
// Each CLI call is a Python start (~1 s of CPU): a sample, extrapolated to the fleet.
const CLI_SAMPLE = Number(process.env.INVENTORY_BENCH_CLI_NODES ?? 20);


/**
 * `npm run bench -- inventory`: a full inventory sync of a 10,000-node training fleet (in a worker
 * thread of this process, so its JSON work does not count against our main thread) into a fresh
 * store through the real service; then keyword search and the Java version share over the result;
 * then the question answered without Capstan: ListInventoryEntries per node through the AWS CLI.
 */
export async function inventoryBench(): Promise<Metric[]> {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-inventory-'));
  const sim = await simulatorInWorker({ nodes: NODES, seed: 11, port: 0 });
  const store = await Store.open({ file: join(dir, 'cache.db') });
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  const real = createInventoryStore(store);
  // Time inside the store worker (the transaction, not the queue in front of it) and round trips.
  let writeMs = 0;
  let roundTripMs = 0;
  const timed: InventoryStore = {
    ...real,
    writeBatch: async (params) => {
      const t = performance.now();
      const result = await real.writeBatch(params);
      roundTripMs += performance.now() - t;
      writeMs += result.ms;
      return result;
    },
  };
  const service = new InventoryService({
    store: timed,
    clientFor: async () => ({ ssm, accountId: '123456789012', region: sim.region, endpoint: sim.endpoint }),
  });
  try {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const utilisation = performance.eventLoopUtilization();
    const started = performance.now();
    service.sync(WORKSPACE);
    const end = await service.settled(WORKSPACE);
    const syncMs = performance.now() - started;
    loop.disable();
    // Share of the sync the main thread spent working rather than waiting: what the sync costs it,
    // whatever else the machine runs.
    const busy = performance.eventLoopUtilization(utilisation).utilization;
    process.stdout.write(`inventory bench: synced ${end.rowsWritten} rows in ${Math.round(syncMs)} ms (load ${loadavg()[0]?.toFixed(2)}); querying…\n`);
    if (end.phase !== 'succeeded') throw new Error(`The inventory sync ended ${end.phase}: ${end.error?.message ?? ''}`);
    await service.close();

    const searchMs: number[] = [];
    for (let run = 0; run < SEARCH_RUNS; run += 1) {
      for (const keyword of KEYWORDS) searchMs.push(await timedMs(() => real.search({ workspaceIds: [WORKSPACE], keyword })));
    }
    const shareMs: number[] = [];
    for (let run = 0; run < SHARE_RUNS; run += 1) shareMs.push(await timedMs(() => real.versionShare({ workspaceIds: [WORKSPACE], family: 'Java' })));
    const javaQueryMs = percentile(searchMs.slice(0, KEYWORDS.length), 50);

    const metrics: Metric[] = [
      info('machine load (1-min average) before', loadBefore, ''),
      info('nodes synced', end.nodesDone, 'nodes'),
      info('rows written', end.rowsWritten, 'rows'),
      info('AWS:Application rows per node (simulator)', await appsPerNode(join(dir, 'cache.db'), end.nodesDone), 'rows'),
      info('GetInventory calls', end.calls, 'calls'),
      info('sync wall time (simulator included)', syncMs, 'ms'),
      info('store write time, in the store worker', writeMs, 'ms'),
      info('store write time, round trips from main (queueing included)', roundTripMs, 'ms'),
      atLeast('rows/s into SQLite (rows / store worker write time)', end.rowsWritten / (writeMs / 1000), 'rows/s', 200_000),
      info('rows/s end to end (rows / sync wall time)', end.rowsWritten / (syncMs / 1000), 'rows/s'),
      under('main event loop, longest block during sync', loop.max / 1e6, 'ms', 50),
      info('main event loop, p99 delay during sync', loop.percentile(99) / 1e6, 'ms'),
      info('main thread busy during sync (event loop utilisation)', busy * 100, '%'),
      under(`keyword search p95 (${KEYWORDS.length} keywords × ${SEARCH_RUNS})`, percentile(searchMs, 95), 'ms', 50),
      under(`Java version share, median of ${SHARE_RUNS}`, percentile(shareMs, 50), 'ms', 100),
    ];
    metrics.push(...(await cliComparison(join(dir, 'cache.db'), sim, syncMs + javaQueryMs)));
    metrics.push(info('machine load (1-min average) after', loadavg()[0] ?? 0, ''));
    return metrics;
  } finally {
    await service.close();
    ssm.destroy();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

async function appsPerNode(file: string, nodes: number): Promise<number> {
  const db = new Sqlite(file, { readonly: true });
  try {
    const apps = db.prepare("SELECT COALESCE(SUM(row_count), 0) FROM inventory_type_state WHERE type_name = 'AWS:Application'").pluck().get() as number;
    return nodes ? apps / nodes : 0;
  } finally {
    db.close();
  }
}

/**
 * "Which nodes run Java?" the way AWS documents it without a cache: ListInventoryEntries for every
 * node, AWS:Application, 50 entries a page (the CLI does not page this operation by itself, so the
 * loop follows NextToken as a script would). Timed on a sample spread over the fleet, extrapolated.
 */
async function cliComparison(file: string, sim: SimulatorInWorker, capstanMs: number): Promise<Metric[]> {
  if (!existsSync(AWS_CLI)) {
    process.stdout.write(`\ninventory bench: ${AWS_CLI} is missing, so the AWS CLI comparison is skipped (install it: apt-get install -y awscli).\n`);
    return [];
  }
  const db = new Sqlite(file, { readonly: true });
  const ids = db.prepare('SELECT instance_id FROM inventory_nodes ORDER BY instance_id').pluck().all() as string[];
  db.close();
  const step = Math.max(1, Math.floor(ids.length / CLI_SAMPLE));
  const sample = ids.filter((_, i) => i % step === 0).slice(0, CLI_SAMPLE);
  const home = mkdtempSync(join(tmpdir(), 'capstan-bench-aws-'));
  let calls = 0;
  let entries = 0;
  const started = performance.now();
  try {
    for (const id of sample) {
      let token: string | undefined;
      do {
        const page = JSON.parse(
          await awsCli(sim, home, ['ssm', 'list-inventory-entries', '--instance-id', id, '--type-name', 'AWS:Application', '--max-results', '50', ...(token ? ['--next-token', token] : [])]),
        ) as { Entries?: unknown[]; NextToken?: string };
        calls += 1;
        entries += page.Entries?.length ?? 0;
        token = page.NextToken || undefined;
      } while (token);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const sampleMs = performance.now() - started;
  const fleetMs = (sampleMs / sample.length) * ids.length;
  return [
    info(`AWS CLI: sample of ${sample.length} nodes, ListInventoryEntries calls`, calls, 'calls'),
    info(`AWS CLI: sample of ${sample.length} nodes, entries read`, entries, 'entries'),
    info(`AWS CLI: sample of ${sample.length} nodes, wall time`, sampleMs, 'ms'),
    info(`AWS CLI: extrapolated to ${ids.length} nodes`, fleetMs, 'ms'),
    info('AWS CLI for the fleet ÷ Capstan full sync + one search', fleetMs / capstanMs, '×'),
  ];
}

function awsCli(sim: SimulatorInWorker, home: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const full = [...args, '--endpoint-url', sim.endpoint, '--region', sim.region, '--output', 'json'];
  return new Promise((resolve, reject) => {
    execFile(AWS_CLI, full, { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

