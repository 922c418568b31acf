// `node --import tsx bench/grid-oracle-cli.ts`: a measurement, not product code. What would a filter
// keystroke at 100,000 rows take if a new text's rows were already in the renderer (the next step for
// the grid's 50 ms budget)? Answers for every prefix of the words are computed in main beforehand and
// the page's socket hands them over synchronously (the oracle); typed words alternate between that
// and the real round trip to main. Exits non-zero if a keystroke meant for the oracle reached main.
// Env: NODES (default 100000), BUILD=0 (skip the renderer build).
import { chromium } from 'playwright-core';
import { startTestHost } from '../test/helpers/test-host';
import { BENCH_CHROMIUM_ARGS, WORDS, buildRenderer, keystrokeToRepaint } from './grid-bench';
import { percentile } from './harness';

declare global {
  interface Window {
    /** Whether the page's socket answers list requests from the oracle, and how often it did or could not. */
    __oracle?: { on: boolean; hits: number; misses: number };
  }
}

const NODES = Number(process.env.NODES ?? 100000);
const who = { trusted: true, label: 'grid oracle' };
if (process.env.BUILD !== '0') buildRenderer();
const host = await startTestHost({ nodes: NODES, seed: 3 });
const handle = host.core.router.handle;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: BENCH_CHROMIUM_ARGS });
try {
  await handle('inventory:cancel-sync', who, { workspaceId: 'training' });
  // The request the page sends for a filter's first window, as it sends it (sort, limit…).
  let shape: Record<string, unknown> | null = null;
  host.core.router.handle = (channel, whom, request) => {
    if (channel === 'fleet:list-nodes' && !shape) shape = request as Record<string, unknown>;
    return handle(channel, whom, request);
  };
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  await page.waitForFunction((n) => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-total') === String(n), NODES, { timeout: 600_000 });
  // The first sync and its tag pass end before anything is measured (polled: a tool, not a test).
  for (;;) {
    const summary = (await handle('fleet:get-summary', who, { workspaceIds: ['training'] })) as { value: { syncs: Array<{ phase: string }> } };
    if (summary.value.syncs[0]?.phase !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // The page re-reads what the sync's last writes changed: let it finish.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  if (!shape) throw new Error('the page never asked for rows');
  const first: Record<string, unknown> = shape;
  const answers: Record<string, string> = {};
  for (const word of WORDS) {
    for (let i = 1; i <= word.length; i += 1) {
      const request = { ...first, filter: word.slice(0, i), offset: 0 };
      answers[JSON.stringify(request)] = JSON.stringify(await handle('fleet:list-nodes', who, request));
    }
  }
  await page.evaluate((oracle) => {
    const state = (window.__oracle = { on: false, hits: 0, misses: 0 });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      const message = JSON.parse(String(data)) as { id: number; channel: string; request: { offset?: number } };
      if (state.on && message.channel === 'fleet:list-nodes' && message.request.offset === 0) {
        const answer = oracle[JSON.stringify(message.request)];
        if (answer) {
          state.hits += 1;
          this.dispatchEvent(new MessageEvent('message', { data: `{"id":${message.id},"result":${answer}}` }));
          return;
        }
        state.misses += 1;
      }
      send.call(this, data);
    };
  }, answers);

  const filter = page.getByRole('searchbox').first();
  await filter.click();
  const samples: Record<'oracle' | 'main', Array<Awaited<ReturnType<typeof keystrokeToRepaint>>>> = { oracle: [], main: [] };
  for (const [n, word] of WORDS.entries()) {
    const mode = n % 2 === 0 ? 'oracle' : 'main';
    await page.evaluate((on) => (window.__oracle!.on = on), mode === 'oracle');
    await filter.fill('');
    await page.waitForFunction(() => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-filter-applied') === '');
    // The operator's pause before a word (as in the grid bench).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 1; i <= word.length; i += 1) samples[mode].push(await keystrokeToRepaint(page, word.charAt(i - 1), word.slice(0, i)));
  }
  const { hits, misses } = await page.evaluate(() => window.__oracle!);
  for (const [mode, list] of Object.entries(samples)) {
    const at = (pick: (s: (typeof list)[number]) => number, p: number): string => percentile(list.map(pick), p).toFixed(1);
    const inFirst = list.filter((s) => s.rowsFrameMs <= s.firstFrameMs + 1).length;
    console.log(
      `${mode}: ${list.length} keys; to repaint p50 ${at((s) => s.presentedMs, 50)} ms, p95 ${at((s) => s.presentedMs, 95)} ms;`,
      `rows rendered p50 ${at((s) => s.renderedMs, 50)} ms; first frame p50 ${at((s) => s.firstFrameMs, 50)} ms; rows in the first frame: ${inFirst}`,
    );
  }
  console.log(`oracle answers: ${hits} given, ${misses} missed`);
  if (misses > 0) process.exitCode = 1;
} finally {
  host.core.router.handle = handle;
  await browser.close();
  await host.close();
}
