// `node --import tsx bench/grid-oracle-cli.ts`: a measurement, not product code. What would a filter
// keystroke at 100,000 rows take if a new text's rows were already in the renderer (the next step for
// the grid's 50 ms budget)? Answers for every prefix of the words are computed in main beforehand and
// the page's socket hands them over synchronously (the oracle); typed words alternate between that
// and the real round trip to main. Env: NODES (default 100000), BUILD=0 (skip the renderer build).
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startTestHost } from '../test/helpers/test-host';
import { WORDS, keystrokeToRepaint } from './grid-bench';

const NODES = Number(process.env.NODES ?? 100000);
if (process.env.BUILD !== '0') execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'ignore' });
const host = await startTestHost({ nodes: NODES, seed: 3 });
await host.core.router.handle('inventory:cancel-sync', { trusted: true, label: 'oracle' }, { workspaceId: 'training' });
let shape: Record<string, unknown> | null = null;
const handle = host.core.router.handle;
host.core.router.handle = (channel, who, request) => {
  if (channel === 'fleet:list-nodes' && !shape) shape = request as Record<string, unknown>;
  return handle(channel, who, request);
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(host.url);
await page.waitForFunction((n) => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-total') === String(n), NODES, { timeout: 600000 });
// The first sync and its tag pass end before anything is measured (polled: a tool, not a test).
for (;;) {
  const s = (await handle('fleet:get-summary', { trusted: true, label: 'o' }, { workspaceIds: ['training'] })) as { value: { syncs: Array<{ phase: string }> } };
  if (s.value.syncs[0]?.phase !== 'running') break;
  await new Promise((r) => setTimeout(r, 500));
}
// The page re-reads what the sync's last writes changed: let it finish.
await new Promise((r) => setTimeout(r, 3000));
console.error('request shape', JSON.stringify(shape));
const oracle: Record<string, string> = {};
for (const word of WORDS) {
  for (let i = 1; i <= word.length; i += 1) {
    const request = { ...shape!, filter: word.slice(0, i), offset: 0 };
    const result = await handle('fleet:list-nodes', { trusted: true, label: 'oracle' }, request);
    oracle[JSON.stringify(request)] = JSON.stringify(result);
  }
}
await page.evaluate((answers) => {
  const send = WebSocket.prototype.send;
  (window as unknown as { __oracleOn: boolean }).__oracleOn = false;
  WebSocket.prototype.send = function (this: WebSocket, data: string) {
    const msg = JSON.parse(String(data)) as { id: number; channel: string; request: unknown };
    const hit = msg.channel === 'fleet:list-nodes' && (window as unknown as { __oracleOn: boolean }).__oracleOn ? answers[JSON.stringify(msg.request)] : undefined;
    if (hit) {
      this.dispatchEvent(new MessageEvent('message', { data: `{"id":${msg.id},"result":${hit}}` }));
      return;
    }
    send.call(this, data);
  };
}, oracle);
const filter = page.getByRole('searchbox').first();
await filter.click();
const res: Record<string, Array<{ presented: number; rendered: number; firstFrame: number; rowsFrame: number; inFirst: boolean }>> = { oracle: [], main: [] };
let n = 0;
for (const word of WORDS) {
  const mode = n++ % 2 === 0 ? 'oracle' : 'main';
  await page.evaluate((on) => ((window as unknown as { __oracleOn: boolean }).__oracleOn = on), mode === 'oracle');
  await filter.fill('');
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-filter-applied') === '');
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 1; i <= word.length; i += 1) {
    const s = await keystrokeToRepaint(page, word.charAt(i - 1), word.slice(0, i));
    res[mode]!.push({ presented: s.presentedMs, rendered: s.renderedMs, firstFrame: s.firstFrameMs, rowsFrame: s.rowsFrameMs, inFirst: s.rowsFrameMs <= s.firstFrameMs + 1 });
  }
}
const pct = (v: number[], p: number): number => { const a = [...v].sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!; };
for (const [mode, list] of Object.entries(res)) {
  console.log(mode, 'n', list.length, 'presented p50', pct(list.map((x) => x.presented), 50).toFixed(1), 'p95', pct(list.map((x) => x.presented), 95).toFixed(1), 'rendered p50', pct(list.map((x) => x.rendered), 50).toFixed(1), 'p95', pct(list.map((x) => x.rendered), 95).toFixed(1), 'first frame p50', pct(list.map((x) => x.firstFrame), 50).toFixed(1), 'rows in first frame', list.filter((x) => x.inFirst).length);
}
await browser.close();
host.core.router.handle = handle;
await host.close();
