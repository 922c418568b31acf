import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Download, Page } from '@playwright/test';
import type { InventoryNodeMatch, InventoryNodesPage } from '../../preload/contract/inventory';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// The Inventory screen in Chromium against the real router, store, inventory sync and training
// fleet. Counts are checked against what the host's core answers; every wait is on the DOM.

// Large enough that the widest group (Environment=prod) spans more than one 200-node page.
const FLEET_SIZE = 600;
// CAPSTAN_SCREENS_DIR keeps screenshots out of test-results/, which each Playwright run empties first.
const SCREENS = process.env.CAPSTAN_SCREENS_DIR ?? join('test-results', 'screens');
const caller = { trusted: true, label: 'inventory spec' };

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

/** Every node the core lists for a match, paged as the screen pages. */
async function coreNodes(match: InventoryNodeMatch): Promise<InventoryNodesPage> {
  const result = (await host.core.router.handle('inventory:list-nodes', caller, { workspaceIds: [workspaceId], match, limit: 10_000 })) as {
    ok: boolean;
    value: InventoryNodesPage;
  };
  expect(result.ok).toBe(true);
  return result.value;
}

/** Opens Capstan on the Inventory screen and waits until the first inventory sync has finished. */
async function openInventory(page: Page, theme: 'dark' | 'light' = 'dark', language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.addInitScript(
    ([t, l]) => {
      if (sessionStorage.getItem('capstan.e2e.preset')) return;
      sessionStorage.setItem('capstan.e2e.preset', '1');
      localStorage.setItem('capstan.theme', t);
      localStorage.setItem('capstan.language', l);
    },
    [theme, language] as const,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-inventory').click();
  await expect(page.getByTestId('inventory-sync-state')).toHaveAttribute('data-phase', 'succeeded', { timeout: 120_000 });
}

/** Types a keyword and waits until the results of exactly that keyword are painted. */
async function searchFor(page: Page, keyword: string): Promise<void> {
  await page.getByTestId('inventory-search').fill(keyword);
  const view = page.getByTestId('inventory-search-view');
  await expect(view).toHaveAttribute('data-keyword', keyword);
  await expect(view).toHaveAttribute('data-state', 'ready');
}

async function downloadText(download: Download): Promise<string> {
  return readFileSync(await download.path(), 'utf8');
}

test('search "java", see the version chart, click Java 8, list its nodes, export them', async ({ page }) => {
  // The first test waits for the training fleet's whole first inventory sync, which a loaded machine slows.
  test.slow();
  await openInventory(page);
  await searchFor(page, 'java');

  const groups = page.getByTestId('inventory-group');
  await expect(groups.first()).toBeVisible();
  // Most widespread first, each with a readable type.
  const counts = await groups.locator('.inventory-results__number').allTextContents();
  const numbers = counts.map((c) => Number(c.replace(/,/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await expect(groups.first().locator('.inventory-results__type')).toHaveText(/^(Application|Service|File|Windows update|Network|Tag)$/);

  const chart = page.getByTestId('version-share-chart');
  await expect(chart).toHaveAttribute('data-state', 'ready');
  await expect(chart).toHaveAttribute('data-family', 'Java');
  await chart.getByRole('button', { name: /^Java 8\b/ }).click();

  const expected = await coreNodes({ kind: 'family', family: 'Java', major: '8' });
  expect(expected.total).toBeGreaterThan(0);
  const drill = page.getByTestId('inventory-drill');
  await expect(drill.getByTestId('inventory-drill-count')).toHaveText(`${expected.total.toLocaleString('en')} ${expected.total === 1 ? 'node' : 'nodes'}`);
  await expect(drill.getByTestId('inventory-nodes')).toHaveAttribute('data-total', String(expected.total));
  const firstRow = drill.getByTestId('inventory-node').first();
  await expect(firstRow).toContainText(expected.nodes[0]!.instanceId);
  await page.screenshot({ path: join(SCREENS, 'inventory-java.png') });

  // CSV of every node behind the slice: BOM, header, one line per node, RFC 4180 line ends.
  const [download] = await Promise.all([page.waitForEvent('download'), drill.getByTestId('inventory-export-nodes').click()]);
  expect(download.suggestedFilename()).toMatch(/^capstan-inventory-java-8-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await downloadText(download);
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split('\r\n');
  expect(lines.at(-1)).toBe('');
  expect(lines[0]).toBe('Workspace,Name,Instance ID,Platform,Ping status,Versions,Captured (UTC),Synced (UTC)');
  expect(lines.length - 2).toBe(expected.total);
  const ids = new Set(lines.slice(1, -1).map((line) => line.split(',')[2]));
  for (const node of expected.nodes) expect(ids.has(node.instanceId)).toBe(true);
  await expect(drill).toContainText(`Exported ${expected.total.toLocaleString('en')}`);

  // Show in fleet grid: the grid, filtered to the normalised product.
  await drill.getByTestId('inventory-show-in-fleet').click();
  await expect(page.getByTestId('fleet-filter')).toHaveValue('product:"Java 8"');
  const grid = page.getByTestId('fleet-grid');
  await expect(grid).toHaveAttribute('data-filter-applied', 'product:"Java 8"');
  await expect(grid).toHaveAttribute('data-total', String(expected.total));
});

test('a result group drills down by keyboard; its CSV lists the groups', async ({ page }) => {
  await openInventory(page, 'light');
  await searchFor(page, 'nginx');
  const first = page.getByTestId('inventory-group').first();
  const name = (await first.locator('.inventory-results__name').textContent()) ?? '';
  const version = (await first.locator('.inventory-results__version').textContent()) ?? '';

  await page.getByTestId('inventory-search').press('ArrowDown');
  await expect(page.getByTestId('inventory-results')).toBeFocused();
  await page.keyboard.press('Enter');
  const expected = await coreNodes({ kind: 'term', typeName: 'AWS:Application', name, version });
  await expect(page.getByTestId('inventory-drill-count')).toHaveText(`${expected.total.toLocaleString('en')} ${expected.total === 1 ? 'node' : 'nodes'}`);
  await page.screenshot({ path: join(SCREENS, 'inventory-nginx-light.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('inventory-export-groups').click()]);
  expect(download.suggestedFilename()).toMatch(/^capstan-inventory-nginx-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await downloadText(download)).slice(1).split('\r\n');
  expect(lines[0]).toBe('Type,Name,Version,Publisher,Nodes,Entries');
  expect(lines.length - 2).toBe(await page.getByTestId('inventory-group').count());
  expect(lines[1]).toContain(`,${name},`);

  // Esc outside the box closes the list; Esc in the box clears the search.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inventory-drill')).toHaveCount(0);
  await page.getByTestId('inventory-search').press('Escape');
  await expect(page.getByTestId('inventory-search')).toHaveValue('');
  await expect(page.getByTestId('inventory-prompt')).toBeVisible();
});

test('a drill-down of hundreds of nodes pages in as it scrolls, down to the last node', async ({ page }) => {
  await openInventory(page);
  await searchFor(page, 'environment prod');
  const top = page.getByTestId('inventory-group').first();
  await expect(top.locator('.inventory-results__type')).toHaveText('Tag');
  await top.click();
  const expected = await coreNodes({ kind: 'term', typeName: 'AWS:Tag', name: 'Environment', version: 'prod' });
  // More than one page of 200, so the end of the list needs a second list-nodes call.
  expect(expected.total).toBeGreaterThan(200);
  const list = page.getByTestId('inventory-nodes');
  await expect(list).toHaveAttribute('data-total', String(expected.total));
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(list.locator(`[aria-rowindex="${expected.total + 1}"]`)).toContainText(expected.nodes.at(-1)!.instanceId);
});

test('filters narrow the search and its drill-down; a bad tag filter says what to type', async ({ page }) => {
  await openInventory(page);
  await page.getByRole('group', { name: 'Platform' }).getByRole('button', { name: 'Windows' }).click();
  await page.getByRole('group', { name: 'Ping status' }).getByRole('button', { name: 'Online' }).click();
  await searchFor(page, 'java');
  const first = page.getByTestId('inventory-group').first();
  const name = (await first.locator('.inventory-results__name').textContent()) ?? '';
  const version = (await first.locator('.inventory-results__version').textContent()) ?? '';
  const typeName = (await first.locator('.inventory-results__type').textContent()) === 'File' ? 'AWS:File' : 'AWS:Application';
  await first.click();
  const result = (await host.core.router.handle('inventory:list-nodes', caller, {
    workspaceIds: [workspaceId],
    platformTypes: ['Windows'],
    pingStatuses: ['Online'],
    match: { kind: 'term', typeName, name, version: version === '—' ? '' : version },
  })) as { value: InventoryNodesPage };
  expect(result.value.total).toBeGreaterThan(0);
  await expect(page.getByTestId('inventory-drill-count')).toHaveText(`${result.value.total.toLocaleString('en')} ${result.value.total === 1 ? 'node' : 'nodes'}`);
  for (const text of await page.getByTestId('inventory-node').locator('[role=cell]:nth-child(3)').allTextContents()) expect(text).toBe('Windows');

  const tag = page.getByRole('textbox', { name: 'Tag filter (Key or Key=Value)' });
  await tag.fill('=prod');
  await expect(page.getByRole('alert').filter({ hasText: 'Type the tag key before “=”' })).toBeVisible();
  await tag.fill('Environment=prod');
  await expect(page.getByRole('alert').filter({ hasText: 'Type the tag key' })).toHaveCount(0);
  await expect(page.getByTestId('inventory-search-view')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('group', { name: 'Platform' }).getByRole('button', { name: 'Windows' })).toHaveAttribute('aria-pressed', 'false');
});

test('a keyword that matches nothing says so; FTS syntax is searched as text and said quietly', async ({ page }) => {
  await openInventory(page);
  await searchFor(page, 'no-such-package-anywhere');
  await expect(page.getByTestId('inventory-no-results')).toContainText('Nothing in the inventory matches “no-such-package-anywhere”');

  // Quotes and * are text, not FTS syntax: no error, and the notice says how the keyword was read.
  await searchFor(page, 'java"*');
  await expect(page.getByTestId('inventory-search-error')).toHaveCount(0);
  await expect(page.getByTestId('inventory-notice')).toContainText('plain text');
});

test('in Japanese every label on the screen is translated', async ({ page }) => {
  await openInventory(page, 'dark', 'ja');
  await expect(page.getByTestId('inventory-tab-search')).toHaveText('検索');
  await expect(page.getByTestId('inventory-search')).toHaveAttribute('placeholder', /ソフトウェア/);
  await searchFor(page, 'java');
  await expect(page.getByTestId('inventory-group-count')).toHaveText(/^\d[\d,]* グループ$/);
  await expect(page.getByTestId('inventory-group').first().locator('.inventory-results__type')).toHaveText(/^(アプリケーション|サービス|ファイル|Windows 更新プログラム|ネットワーク|タグ)$/);
  await page.getByTestId('inventory-group').first().click();
  await expect(page.getByTestId('inventory-drill-count')).toHaveText(/^\d[\d,]* ノード$/);
  await expect(page.getByTestId('inventory-sync-state')).toContainText('インベントリ同期');
  await page.screenshot({ path: join(SCREENS, 'inventory-java-ja.png') });
});

test('the Charts tab shows version share without a search, and a slice drills down', async ({ page }) => {
  await openInventory(page, 'light');
  await page.getByTestId('inventory-tab-charts').click();
  const chart = page.getByTestId('inventory-charts').getByTestId('version-share-chart');
  await expect(chart).toHaveAttribute('data-state', 'ready');
  await chart.getByRole('button', { name: 'Database', exact: true }).click();
  await expect(chart).toHaveAttribute('data-family', 'Database');
  await expect(chart).toHaveAttribute('data-state', 'ready');
  await chart.getByRole('button', { name: /^PostgreSQL/ }).first().click();
  await expect(page.getByTestId('inventory-drill-count')).toHaveText(/^\d[\d,]* nodes?$/);
  await expect(page.getByTestId('inventory-node').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'inventory-charts-light.png') });
});

test('a workspace whose credentials fail has nothing cached: the empty state offers Sync now, the banner says why', async ({ browser }) => {
  // A profile whose credentials cannot be resolved: every sync fails before anything is stored.
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-inventory-'));
  writeFileSync(join(dataDir, 'config'), '[profile ghost-ops]\nregion = eu-north-1\nsource_profile = missing-source\nrole_arn = arn:aws:iam::123456789012:role/Ops\n');
  const env = { AWS_PROFILE: 'ghost-ops', HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
  const ghost = await startTestHost({ nodes: 20, seed: 3, userDataDir: dataDir, env });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.addInitScript(() => localStorage.setItem('capstan.language', 'en'));
    await page.goto(ghost.url);
    await page.getByTestId('nav-inventory').click();
    await expect(page.getByTestId('inventory-sync-state')).toHaveAttribute('data-phase', 'failed', { timeout: 30_000 });
    const empty = page.getByTestId('inventory-empty');
    await expect(empty).toHaveAttribute('data-reason', 'never-synced');
    await expect(empty).toContainText('No inventory cached yet');
    const banner = page.getByTestId('inventory-cache-banner');
    await expect(banner).toContainText('ghost-ops');
    await expect(banner).toContainText('nothing cached yet');
    await page.screenshot({ path: join(SCREENS, 'inventory-never-synced.png') });

    // Sync now really asks again: a new sync runs and fails for the same reason.
    const state = page.getByTestId('inventory-sync-state');
    const firstOperation = (await state.getAttribute('data-operation')) ?? '';
    expect(firstOperation).not.toBe('');
    await empty.getByTestId('inventory-sync-now').click();
    await expect(state).not.toHaveAttribute('data-operation', firstOperation);
    await expect(state).toHaveAttribute('data-phase', 'failed');
    await expect(empty).toBeVisible();
  } finally {
    await page.close();
    await ghost.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('offline: Refresh fails, the banner names the workspace and why, search answers from the cache', async ({ page }) => {
  await openInventory(page);
  await searchFor(page, 'java');
  const before = await page.getByTestId('inventory-group').count();
  expect(before).toBeGreaterThan(0);

  await (await host.core.trainingFleet())?.close();
  await page.getByTestId('inventory-refresh').click();
  await expect(page.getByTestId('inventory-sync-state')).toHaveAttribute('data-phase', 'failed');
  const banner = page.getByTestId('inventory-cache-banner');
  await expect(banner).toContainText('Training — Operations · eu-west-1');
  await expect(banner).toContainText(/offline|could not be reached/i);
  await expect(banner).toContainText('showing cached data, last refreshed');

  await searchFor(page, 'corretto');
  await expect(page.getByTestId('inventory-group').first()).toBeVisible();
  await page.getByTestId('inventory-group').first().click();
  await expect(page.getByTestId('inventory-node').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'inventory-offline.png') });
});
