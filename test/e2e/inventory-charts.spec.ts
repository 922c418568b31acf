import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { FleetComposition, InventoryNodesPage, VersionShare } from '../../preload/contract/inventory';
import { startTestHost, type TestHost } from '../helpers/test-host';

// The inventory charts in Chromium, under the app's CSP, against the real router, store, inventory
// sync and training fleet. Every number on screen is checked against what the core answers; every
// wait is on the DOM.

const FLEET_SIZE = 400;
// CAPSTAN_SCREENS: somewhere else to keep them (test-results is emptied by every Playwright run).
const SCREENS = process.env.CAPSTAN_SCREENS ?? join('test-results', 'screens');
const caller = { trusted: true, label: 'inventory charts spec' };

let host: TestHost;
let workspaceId: string;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  const list = (await host.core.router.handle('workspaces:list-workspaces', caller, {})) as { ok: true; value: { selectedId: string } };
  workspaceId = list.value.selectedId;
});

test.afterAll(async () => {
  await host?.close();
});

async function core<T>(channel: string, request: unknown): Promise<T> {
  const result = (await host.core.router.handle(channel, caller, request)) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * What the app's own scripts do that its CSP blocks (an echarts eval or injected <style> would land
 * here). The test host's bridge script is left out: zod probes `new Function('')` once there (caught,
 * it then runs without JIT), and that bridge is test-only, never part of the app.
 */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      if (!event.sourceFile.endsWith('/__bridge.js')) seen.push(`${event.violatedDirective}: ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** Opens the Inventory screen's Charts tab once the first inventory sync has finished. */
async function openCharts(page: Page, theme: 'dark' | 'light', language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.addInitScript(
    ([t, l]) => {
      localStorage.setItem('capstan.theme', t!);
      localStorage.setItem('capstan.language', l!);
    },
    [theme, language],
  );
  await page.goto(host.url);
  await page.getByTestId('nav-inventory').click();
  await expect(page.getByTestId('inventory-sync-state')).toHaveAttribute('data-phase', 'succeeded', { timeout: 45_000 });
  await page.getByTestId('inventory-tab-charts').click();
}

const percent = (count: number, total: number): string => {
  const share = count / total;
  return share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`;
};
const nodes = (count: number): string => `${count.toLocaleString('en')} ${count === 1 ? 'node' : 'nodes'}`;

/** The chart's drawn shapes (SVG renderer): bars or ring slices, in data order. */
function shapes(chart: Locator): Locator {
  return chart.locator('[data-testid="echart"] svg path[fill]:not([fill="none"]):not([fill="transparent"])');
}

/**
 * A point on the first slice of a ring, which starts at 12 o'clock and runs clockwise: just past
 * 12 o'clock, halfway through the ring (a large slice's own box centre would be in the hole).
 */
async function firstRingSlice(ring: Locator): Promise<{ x: number; y: number }> {
  const box = await ring.getByTestId('echart').boundingBox();
  if (!box) throw new Error('the ring is not on screen');
  const radius = (Math.min(box.width, box.height) / 2) * 0.75;
  const angle = (6 * Math.PI) / 180;
  return { x: box.width / 2 + radius * Math.sin(angle), y: box.height / 2 - radius * Math.cos(angle) };
}

test('Java version share: bars in version order, legend buttons with counts, a click lists the nodes', async ({ page }) => {
  const cspViolations = await watchCsp(page);
  await openCharts(page, 'dark');
  const share = await core<VersionShare>('inventory:get-version-share', { workspaceIds: [workspaceId], family: 'Java' });
  expect(share.slices.length).toBeGreaterThan(1);

  const chart = page.getByTestId('version-share-chart');
  await expect(chart).toHaveAttribute('data-state', 'ready');
  await expect(chart).toHaveAttribute('data-family', 'Java');
  await expect(chart).toContainText(`${nodes(share.nodeCount)} with Java`);

  // One legend button per slice, Java 8 before Java 11 (numeric order), each with count and share.
  const majors = [...share.slices].sort((a, b) => Number(a.major) - Number(b.major));
  const names = majors.map((slice) => `${slice.product} — ${nodes(slice.nodeCount)} (${percent(slice.nodeCount, share.nodeCount)})`);
  await expect(chart.getByRole('list').getByRole('button')).toHaveCount(names.length);
  for (const [index, name] of names.entries()) {
    await expect(chart.getByRole('list').getByRole('button').nth(index)).toHaveAccessibleName(name);
  }
  await expect(shapes(chart)).toHaveCount(names.length);
  await expect(chart.locator('.chart-panel__note')).toContainText('counts in both');

  // A click on the first bar (Java 8) opens its nodes, as many as the core lists.
  const first = majors[0]!;
  const expected = await core<InventoryNodesPage>('inventory:list-nodes', { workspaceIds: [workspaceId], match: { kind: 'family', family: 'Java', major: first.major }, limit: 1 });
  await shapes(chart).first().click();
  const drill = page.getByTestId('inventory-drill');
  await expect(drill.getByTestId('inventory-drill-count')).toHaveText(nodes(expected.total));
  expect(expected.total).toBe(first.nodeCount);
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-java-drill-dark.png') });

  expect(await cspViolations()).toEqual([]);
});

test('keyboard: the legend button does what the click does; no match is an empty state; the picker switches family', async ({ page }) => {
  await openCharts(page, 'light');
  const chart = page.getByTestId('version-share-chart');
  await expect(chart).toHaveAttribute('data-state', 'ready');
  const share = await core<VersionShare>('inventory:get-version-share', { workspaceIds: [workspaceId], family: 'Java' });
  const last = [...share.slices].sort((a, b) => Number(b.major) - Number(a.major))[0]!;

  const button = chart.getByRole('button', { name: new RegExp(`^${last.product} — `) });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inventory-drill').getByTestId('inventory-drill-count')).toHaveText(nodes(last.nodeCount));
  await page.keyboard.press('Escape');

  // Filters that match no node: the empty state names the family and what to do.
  const tagFilter = page.getByRole('textbox', { name: 'Tag filter (Key or Key=Value)' });
  await tagFilter.fill('NoSuchTagKey=nothing');
  await expect(chart).toHaveAttribute('data-state', 'empty');
  await expect(chart).toContainText('No Java found in the cached inventory');
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-empty-light.png') });
  await tagFilter.fill('');
  await expect(chart).toHaveAttribute('data-state', 'ready');

  await chart.getByRole('group', { name: 'Software family' }).getByRole('button', { name: 'Web server' }).click();
  await expect(chart).toHaveAttribute('data-family', 'Web server');
  const web = await core<VersionShare>('inventory:get-version-share', { workspaceIds: [workspaceId], family: 'Web server' });
  if (web.slices.length === 0) {
    await expect(chart).toHaveAttribute('data-state', 'empty');
    await expect(chart).toContainText('No Web server found in the cached inventory');
  } else {
    await expect(chart).toHaveAttribute('data-state', 'ready');
    await expect(chart.getByRole('list').getByRole('button')).toHaveCount(web.slices.length);
  }
});

test('fleet composition: platform, agent and ping rings; a slice opens the fleet grid filtered to it', async ({ page }) => {
  const cspViolations = await watchCsp(page);
  await openCharts(page, 'dark');
  const composition = await core<FleetComposition>('inventory:get-fleet-composition', { workspaceIds: [workspaceId] });
  const panel = page.getByTestId('fleet-composition');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await expect(panel).toContainText(nodes(composition.total));

  const ping = panel.getByTestId('composition-ping');
  const online = composition.pingStatuses.find((slice) => slice.label === 'Online')!;
  await expect(ping.getByRole('button').first()).toHaveAccessibleName(`Online — ${nodes(online.count)} (${percent(online.count, composition.total)})`);
  await expect(ping.locator('.composition-ring__value')).toHaveText(percent(online.count, composition.total));

  // The newest agent version is marked in the legend and named so for screen readers.
  const agent = panel.getByTestId('composition-agent');
  await expect(agent.getByRole('button').first()).toHaveAccessibleName(/\(latest seen\) — /);
  await expect(agent.locator('.chart-legend__badge')).toHaveCount(1);
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-dark.png'), fullPage: true });

  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-light.png'), fullPage: true });

  // A click on the largest platform's slice: the grid, filtered to exactly that platform's nodes.
  const platform = composition.platforms[0]!;
  const platformRing = panel.getByTestId('composition-platform');
  // Pointing at a slice lights its legend row, so the eye finds its numbers.
  await platformRing.getByTestId('echart').hover({ position: await firstRingSlice(platformRing) });
  await expect(platformRing.locator('.chart-legend__row').first()).toHaveClass(/is-lit/);
  await platformRing.getByTestId('echart').click({ position: await firstRingSlice(platformRing) });
  await expect(page.getByTestId('fleet-filter')).toHaveValue(platform.fleetFilter);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(platform.count));

  // The legend button for Online does the same for ping status.
  await page.getByTestId('nav-inventory').click();
  await ping.getByRole('button').first().click();
  await expect(page.getByTestId('fleet-filter')).toHaveValue('ping:online');
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(online.count));

  expect(await cspViolations()).toEqual([]);
});

test('a failed read shows the code and message; Retry draws the chart', async ({ page }) => {
  // Fail the first version-share answer on the bridge's socket, as main would on a store error.
  let failed = false;
  await page.routeWebSocket(/__bridge/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id: number; channel: string };
      if (request.channel === 'inventory:get-version-share' && !failed) {
        failed = true;
        socket.send(JSON.stringify({ id: request.id, result: { ok: false, error: { code: 'StoreUnavailable', message: 'The local cache could not be read.', retryable: true, kind: 'store' } } }));
        return;
      }
      server.send(message);
    });
  });
  await openCharts(page, 'dark', 'ja');
  const chart = page.getByTestId('version-share-chart');
  await expect(chart).toHaveAttribute('data-state', 'error');
  const alert = chart.getByRole('alert');
  await expect(alert).toContainText('StoreUnavailable');
  await expect(alert).toContainText('The local cache could not be read.');
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-error-ja.png') });
  await alert.getByRole('button').click();
  await expect(chart).toHaveAttribute('data-state', 'ready');
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-ja.png'), fullPage: true });
});
