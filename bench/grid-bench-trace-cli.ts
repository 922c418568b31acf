// `node --import tsx bench/grid-bench-trace-cli.ts`: types a filter into the fleet grid under a
// Chromium trace and prints forced layouts, DOM nodes per row and main-thread ms per keystroke
// (see grid-bench-trace). Env: NODES (default 20000), ROUNDS, TRACED (text typed under the trace;
// default the warm-up's, whose answers the page has cached), CONTAIN_AB=1 (again with rows
// contained), GRID_TRACE_FILE (keep the raw trace), BUILD=0 (skip the renderer build).
import { chromium } from 'playwright-core';
import { startTestHost } from '../test/helpers/test-host';
import { traceKeystrokes } from './grid-bench-trace';
import { BENCH_CHROMIUM_ARGS, buildRenderer, keystrokeToRepaint } from './grid-bench';

const NODES = Number(process.env.NODES ?? 20000);
const TYPED = 'web-prod';
// Keys typed under the trace: the warm-up's text again (answers cached in the page) or new text.
const TRACED = process.env.TRACED ?? TYPED;
if (process.env.BUILD !== '0') buildRenderer();
const host = await startTestHost({ nodes: NODES, seed: 3 });
// As in the grid bench: the inventory sync core starts is stopped, it is not what is traced here.
await host.core.router.handle('inventory:cancel-sync', { trusted: true, label: 'grid trace' }, { workspaceId: 'training' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BENCH_CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  await page.waitForFunction((n) => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-total') === String(n), NODES, { timeout: 600_000 });
  // let the fleet sync and tag pass finish
  await page.waitForFunction(() => !document.querySelector('[data-testid="fleet-refresh"]')?.textContent?.includes('Syncing'), undefined, { timeout: 600_000 }).catch(() => {});
  const filter = page.getByRole('searchbox').first();
  await filter.click();
  const walls: number[] = [];
  const round = async (typed = TYPED): Promise<void> => {
    await filter.fill('');
    await page.waitForFunction(() => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-filter-applied') === '');
    for (let i = 1; i <= typed.length; i += 1) {
      walls.push((await keystrokeToRepaint(page, typed.charAt(i - 1), typed.slice(0, i))).presentedMs);
    }
  };
  await round(); // warm up
  walls.length = 0;
  const ROUNDS = Number(process.env.ROUNDS ?? 2);
  const trace = await traceKeystrokes(browser, page, ROUNDS * TRACED.length, async () => { for (let r = 0; r < ROUNDS; r++) await round(TRACED); });
  if (process.env.CONTAIN_AB) {
    // The same keystrokes with each row contained (contain: strict), in the same page and minute.
    await page.addStyleTag({ content: '.fleet-grid__body > .fleet-row { contain: strict; }' });
    const without = await traceKeystrokes(browser, page, ROUNDS * TRACED.length, async () => { for (let r = 0; r < ROUNDS; r++) await round(TRACED); });
    console.log(JSON.stringify({ withRowContainment: without }, null, 1));
  }
  walls.sort((a, b) => a - b);
  console.log(JSON.stringify({ nodes: NODES, wallP50: walls[Math.floor(walls.length / 2)]?.toFixed(1), wallP95: walls[Math.ceil(walls.length * 0.95) - 1]?.toFixed(1), walls: walls.map((w) => Math.round(w)), ...trace }, null, 1));
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
} finally {
  await browser.close();
  await host.close();
}
