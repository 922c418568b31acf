import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobSummary } from '../preload/contract/commands';
import { createSsmClient } from '../main/aws/ssm-client-factory';
import { CommandService } from '../main/commands/command-service';
import { createCommandStore } from '../main/commands/command-store';
import { isProductionTag } from '../main/commands/parameter-rules';
import { FleetService } from '../main/fleet/fleet-service';
import { createFleetStore } from '../main/fleet/fleet-store';
import { Store } from '../main/store/store';
import { jobViewHeap } from './commands-bench-page';
import { atMost, info, under, type Metric } from './harness';
import { simulatorInWorker } from './simulator-in-worker';

const WORKSPACE = 'training';
const TARGETS = 1000;
// About a third of the training fleet is online, non-production Linux: enough nodes to pick 1,000.
const FLEET = 3200;
const POLL_CALL_BUDGET = 20;
const DONE_LATENCY_BUDGET_MS = 2000;

/**
 * `npm run bench -- commands`: `echo` to 1,000 training nodes through the real service and store
 * (the simulator runs in a worker thread, as AWS runs elsewhere; its scripts are real processes
 * on this machine, so the wall time depends on the load). MaxConcurrency 100% puts all twenty 50-id batches in flight at once, the poll's
 * worst case. Reports ListCommandInvocations calls per poll cycle, the time from the last node
 * finishing (the simulator's end time) to the `commands:job-updated` event that shows the job
 * done, and the size of the job's rows and output groups as the renderer receives them; then the
 * page's heap with the job open in Chromium (commands-bench-page.ts; COMMANDS_BENCH_PAGE=0 skips it).
 */
export async function commandsBench(): Promise<Metric[]> {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-commands-'));
  const sim = await simulatorInWorker({ nodes: FLEET, seed: 7, port: 0 });
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  const store = await Store.open({ file: join(dir, 'cache.db') });
  try {
    const fleet = new FleetService({
      store: createFleetStore(store),
      clientFor: async () => ({ ssm, accountId: '', region: sim.region, endpoint: sim.endpoint }),
      events: { emit: () => {} },
    });
    fleet.refresh(WORKSPACE);
    await fleet.settled(WORKSPACE);
    const targets: string[] = [];
    for (let offset = 0; targets.length < TARGETS; offset += 1000) {
      const page = await fleet.listNodes({ workspaceIds: [WORKSPACE], filter: 'ping:online platform:linux', sort: { column: 'name', direction: 'asc' }, offset, limit: 1000 });
      if (page.rows.length === 0) throw new Error(`the training fleet of ${FLEET} has only ${targets.length} online non-production Linux nodes`);
      for (const node of page.rows) {
        if (node.pingStatus === 'Online' && node.platformType === 'Linux' && !node.tags.some((t) => isProductionTag(t.key, t.value))) targets.push(node.instanceId);
      }
    }
    await fleet.close();

    let done: { job: JobSummary; at: number } | null = null;
    let wake: (() => void) | null = null;
    let events = 0;
    const service = new CommandService({
      ssmFor: async () => ssm,
      store: createCommandStore(store),
      emit: (job) => {
        events += 1;
        if (job.phase === 'done') {
          done = { job, at: Date.now() };
          wake?.();
        }
      },
      audit: { append: async () => null },
      actorFor: async () => ({ operator: 'bench', principal: '', workspaceId: WORKSPACE, accountId: '', region: sim.region }),
    });
    const chosen = { kind: 'nodes' as const, instanceIds: targets.slice(0, TARGETS) };
    // Nodes whose tags were never read count as possibly production: type what the preview asks, as an operator would.
    const { typedConfirmation } = (await service.preview(WORKSPACE, chosen, 'AWS-RunShellScript')).preview;
    const started = Date.now();
    const { jobId } = await service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: { commands: ['echo bench-ok'] },
      targets: chosen,
      ...(typedConfirmation ? { typedConfirmation } : {}),
      options: { maxConcurrency: '100%', maxErrors: '0', timeoutSeconds: 600, comment: 'bench' },
      canary: false,
      source: { kind: 'command' },
    });
    const sendMs = Date.now() - started;
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (done) resolve();
    });
    const finished = done as unknown as { job: JobSummary; at: number };
    const wallMs = Date.now() - started;
    const { rows } = await service.listInvocations({ jobId, offset: 0, limit: TARGETS });
    const lastEnd = Math.max(...rows.map((r) => r.endedAt ?? 0));
    const groups = await service.outputGroups(jobId);
    const stats = service.tracker.stats;
    await service.close();
    const page = process.env.COMMANDS_BENCH_PAGE === '0' ? [] : await jobViewHeap({ fleet: FLEET, targets: TARGETS });
    return [
      info('machine load (1-min average) before', loadBefore, ''),
      info('nodes targeted', rows.length, 'nodes'),
      info('nodes succeeded', finished.job.counts.success, 'nodes'),
      info('SendCommand calls (50 ids each)', finished.job.commandIds.length, 'calls'),
      atMost('ListCommandInvocations calls per poll cycle (worst cycle)', stats.maxCalls, 'calls', POLL_CALL_BUDGET),
      info('ListCommandInvocations calls in all', stats.totalCalls, 'calls'),
      info('poll cycles', stats.cycles, 'cycles'),
      info('longest poll cycle (listing and store writes)', stats.maxCycleMs, 'ms'),
      info('startJob: checks, 1,000 rows stored, 20 SendCommand calls', sendMs, 'ms'),
      info('job wall time, send to done (simulator included)', wallMs, 'ms'),
      under('last node finished -> job-updated shows done', finished.at - lastEnd, 'ms', DONE_LATENCY_BUDGET_MS),
      info('job-updated events for the job', events, 'events'),
      info('invocation rows as the renderer receives them (JSON)', Buffer.byteLength(JSON.stringify(rows)) / 1024, 'KiB'),
      info('output groups as the renderer receives them (JSON)', Buffer.byteLength(JSON.stringify(groups)) / 1024, 'KiB'),
      info('output groups', groups.length, 'groups'),
      ...page,
    ];
  } finally {
    await store.close();
    ssm.destroy();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


