import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startTestHost } from '../test/helpers/test-host';
import { atLeast, info, percentile, under, type Metric } from './harness';

const NODES = 100_000;
// Each keystroke narrows or widens a real filter, as an operator types it.
const TYPED = 'web-prod';

/** Filter keystroke to repaint at 100,000 rows in Chromium, through the real bridge, router and store. */
export async function gridBench(): Promise<Metric[]> {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'ignore' });
  const host = await startTestHost({ nodes: NODES, seed: 3 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const syncStart = performance.now();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    const grid = page.getByTestId('fleet-grid');
    await grid.waitFor();
    // Wait for the whole fleet to be synced and painted before typing.
    await page.waitForFunction((n) => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-total') === String(n), NODES, { timeout: 300_000 });
    const syncMs = performance.now() - syncStart;

    const filter = page.getByRole('searchbox').first();
    await filter.click();
    const samples: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await filter.fill('');
      await page.waitForFunction(() => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-filter-applied') === '');
      for (let i = 1; i <= TYPED.length; i += 1) {
        const expected = TYPED.slice(0, i);
        const measuring = page.evaluate(
          (text) =>
            new Promise<number>((resolve) => {
              const gridEl = document.querySelector('[data-testid="fleet-grid"]') as HTMLElement;
              let start = 0;
              window.addEventListener('keydown', () => (start = performance.now()), { once: true, capture: true });
              const observer = new MutationObserver(() => {
                if (gridEl.getAttribute('data-filter-applied') !== text) return;
                observer.disconnect();
                // The frame after the commit is the one the operator sees.
                requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
              });
              observer.observe(gridEl, { attributes: true, attributeFilter: ['data-filter-applied'] });
            }),
          expected,
        );
        await page.keyboard.press(TYPED.charAt(i - 1));
        samples.push(await measuring);
      }
    }
    return [
      info('rows in the grid', NODES, 'rows'),
      info('first sync and paint of 100,000 nodes', syncMs, 'ms'),
      info('filter keystroke to repaint, p50', percentile(samples, 50), 'ms'),
      under('filter keystroke to repaint, p95', percentile(samples, 95), 'ms', 50),
      info('filter keystroke to repaint, max', Math.max(...samples), 'ms'),
      atLeast('keystrokes measured', samples.length, 'keystrokes', TYPED.length * 3),
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}
