import { execFileSync } from 'node:child_process';
import { chromium, type Page } from 'playwright-core';
import type { JobSummary } from '../preload/contract/commands';
import type { FleetPage, SyncState } from '../preload/contract/fleet';
import type { Result } from '../preload/contract/define';
import { isProductionTag } from '../main/commands/parameter-rules';
import { startTestHost, type TestHost } from '../test/helpers/test-host';
import { info, under, type Metric } from './harness';

const WORKSPACE = 'training';
const sender = { trusted: true, label: 'commands bench' };
// What the job view may add to the page for a 1,000-node job (rows are windowed, groups are few).
const JOB_VIEW_HEAP_BUDGET_MB = 40;

/**
 * The results view in Chromium: the same 1,000-node `echo` job sent through the real router of a
 * test host, then the page's JS heap (after a forced GC) with the fleet grid open and again with
 * the job's view open, through the built renderer. CAPSTAN_SKIP_BUILD=1 uses the renderer already in out/.
 */
export async function jobViewHeap(options: { fleet: number; targets: number }): Promise<Metric[]> {
  if (process.env.CAPSTAN_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'ignore' });
  }
  const host = await startTestHost({ nodes: options.fleet, seed: 7 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await untilEvent(host, (channel, payload) => channel === 'fleet:sync-progressed' && (payload as SyncState).phase === 'succeeded', async () => {
      const summary = await call<{ lastSyncedAt: number | null }>(host, 'fleet:get-summary', { workspaceIds: [WORKSPACE] });
      return summary.lastSyncedAt !== null;
    });
    const targets = await pickTargets(host, options.targets);
    let jobId = '';
    await untilEvent(
      host,
      (channel, payload) => channel === 'commands:job-updated' && (payload as JobSummary).jobId === jobId && (payload as JobSummary).phase === 'done',
      async () => {
        jobId = (
          await call<{ jobId: string }>(host, 'commands:send-command', {
            workspaceId: WORKSPACE,
            documentName: 'AWS-RunShellScript',
            parameters: { commands: ['echo bench-ok'] },
            targets: { kind: 'nodes', instanceIds: targets },
            options: { maxConcurrency: '100%', maxErrors: '0', timeoutSeconds: 600, comment: 'bench' },
          })
        ).jobId;
        return false;
      },
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('fleet-grid').waitFor();
    const gridHeap = await heapMb(page);
    await page.getByTestId('nav-commands').click();
    await page.getByTestId('commands-tab-history').click();
    await page.locator(`[data-testid="job-history-row"][data-job-id="${jobId}"]`).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="job-nodes"]')?.getAttribute('data-total') === String(n), targets.length);
    await page.getByTestId('job-groups').waitFor();
    const jobHeap = await heapMb(page);
    return [
      info('page JS heap with the fleet grid', gridHeap, 'MB'),
      info(`page JS heap with the ${targets.length}-node job open`, jobHeap, 'MB'),
      under('heap the job view adds', jobHeap - gridHeap, 'MB', JOB_VIEW_HEAP_BUDGET_MB),
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / (1024 * 1024);
}

async function call<T>(host: TestHost, channel: string, payload: unknown): Promise<T> {
  const result = (await host.core.router.handle(channel, sender, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

// Subscribes first, then runs `start`; resolves on the matching event, or at once when `start` says it is already so.
async function untilEvent(host: TestHost, match: (channel: string, payload: unknown) => boolean, start: () => Promise<boolean>): Promise<void> {
  let unsubscribe: () => void = () => {};
  const seen = new Promise<void>((resolve) => {
    unsubscribe = host.core.router.subscribe((channel, payload) => {
      if (match(channel, payload)) resolve();
    });
  });
  try {
    if (!(await start())) await seen;
  } finally {
    unsubscribe();
  }
}

async function pickTargets(host: TestHost, count: number): Promise<string[]> {
  const targets: string[] = [];
  for (let offset = 0; targets.length < count; offset += 1000) {
    const page = await call<FleetPage>(host, 'fleet:list-nodes', {
      workspaceIds: [WORKSPACE],
      filter: 'ping:online platform:linux',
      sort: { column: 'name', direction: 'asc' },
      offset,
      limit: 1000,
    });
    if (page.rows.length === 0) throw new Error(`only ${targets.length} online non-production Linux nodes in the training fleet`);
    for (const node of page.rows) if (!node.tags.some((t) => isProductionTag(t.key, t.value))) targets.push(node.instanceId);
  }
  return targets.slice(0, count);
}
