import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { FleetNode } from '../../../preload/contract/fleet';
import type { JobSummary } from '../../../preload/contract/commands';
import { createSsmClient } from '../../../main/aws/ssm-client-factory';
import { CommandService, type CommandAuditRecord } from '../../../main/commands/command-service';
import { createCommandStore } from '../../../main/commands/command-store';
import { isProductionTag } from '../../../main/commands/parameter-rules';
import { FleetService } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { Store } from '../../../main/store/store';

export const WORKSPACE = 'training';

/** A simulator, a real cache file with the fleet synced into it, and a command service over both. */
export interface CommandHarness {
  sim: RunningSimulator;
  dir: string;
  store: Store;
  ssm: SSMClient;
  service: CommandService;
  audits: CommandAuditRecord[];
  /** While set, the audit log refuses every append (a full disk). */
  failAudit: boolean;
  updates: JobSummary[];
  nodes: FleetNode[];
  /** Resolves with the first job update that satisfies the predicate (past or future). */
  waitForJob(jobId: string, predicate: (job: JobSummary) => boolean): Promise<JobSummary>;
  /** Closes the service and the store, then opens both again on the same file (an app restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const FAST_POLL = { minIntervalMs: 150, maxIntervalMs: 600, emitGapMs: 50 };

export async function openHarness(options: { nodes: number; seed: number; poll?: typeof FAST_POLL; prepare?: (sim: RunningSimulator) => void }): Promise<CommandHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-commands-'));
  const sim = await startSimulator({ nodes: options.nodes, seed: options.seed, port: 0 });
  options.prepare?.(sim);
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  const file = join(dir, 'cache.db');
  let store = await Store.open({ file });
  const fleet = new FleetService({
    store: createFleetStore(store),
    clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }),
    events: { emit: () => {} },
  });
  fleet.refresh(WORKSPACE);
  const synced = await fleet.settled(WORKSPACE);
  if (synced.phase !== 'succeeded') throw new Error(`fleet sync ended ${synced.phase}: ${synced.error?.message}`);
  const page = await fleet.listNodes({ workspaceIds: [WORKSPACE], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1000 });
  await fleet.close();

  const audits: CommandAuditRecord[] = [];
  const updates: JobSummary[] = [];
  const waiters = new Set<() => void>();
  const actor = { operator: 'tester', principal: `arn:aws:iam::${sim.accountId}:user/training-operator`, workspaceId: WORKSPACE, accountId: sim.accountId, region: sim.region };
  const makeService = (): CommandService =>
    new CommandService({
      ssmFor: async () => ssm,
      store: createCommandStore(store),
      emit: (job) => {
        updates.push(job);
        for (const wake of [...waiters]) wake();
      },
      audit: {
        append: async (record) => {
          if (harness.failAudit) throw new Error('ENOSPC: no space left on device, write');
          audits.push(record);
        },
      },
      actorFor: async () => actor,
      poll: options.poll ?? FAST_POLL,
    });

  const harness: CommandHarness = {
    sim,
    dir,
    store,
    ssm,
    service: makeService(),
    audits,
    failAudit: false,
    updates,
    nodes: page.rows,
    waitForJob: (jobId, predicate) =>
      new Promise((resolve) => {
        const check = (): void => {
          const hit = updates.find((job) => job.jobId === jobId && predicate(job));
          if (!hit) return;
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
        check();
      }),
    restart: async () => {
      await harness.service.close();
      await store.close();
      store = await Store.open({ file });
      harness.store = store;
      harness.service = makeService();
      await harness.service.resume();
    },
    close: async () => {
      await harness.service.close();
      await store.close();
      ssm.destroy();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Run Command options as the form sends them. */
export function options(overrides: Partial<{ maxConcurrency: string; maxErrors: string; timeoutSeconds: number; comment: string }> = {}) {
  return { maxConcurrency: '50', maxErrors: '0', timeoutSeconds: 600, comment: '', ...overrides };
}

/** Online Linux nodes of the synced fleet, first `count`; production-tagged ones only when asked. */
export function onlineLinux(h: CommandHarness, count: number, production = false): FleetNode[] {
  const found = h.nodes
    .filter((n) => n.pingStatus === 'Online' && n.platformType === 'Linux' && n.tags.some((t) => isProductionTag(t.key, t.value)) === production)
    .slice(0, count);
  if (found.length < count) throw new Error(`the training fleet has only ${found.length} online Linux nodes; the test needs ${count}`);
  return found;
}
