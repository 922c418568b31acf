import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// The audit view in Chromium over the real core: a shell opened and closed on the training fleet
// shows up as two entries, the chain verifies, export hands over the lines as stored, and an edit
// made to the file behind Capstan's back is named by line.

const FLEET_SIZE = 40;
const SCREENS = join('test-results', 'screens');

let host: TestHost;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 11 });
});

test.afterAll(async () => {
  await host?.close();
});

async function openApp(page: Page, language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.addInitScript((lng) => {
    localStorage.setItem('capstan.theme', 'dark');
    localStorage.setItem('capstan.language', lng);
  }, language);
  await page.setViewportSize({ width: 1360, height: 760 });
  await page.goto(host.url);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(FLEET_SIZE));
}

async function openAndCloseShell(page: Page): Promise<string> {
  await page.getByTestId('fleet-filter').fill('ping:online platform:linux');
  const grid = page.getByTestId('fleet-grid');
  await expect(grid).toHaveAttribute('data-filter-applied', 'ping:online platform:linux');
  const row = page.getByTestId('fleet-row').first();
  const instanceId = (await row.getAttribute('data-instance-id')) ?? '';
  await row.getByRole('gridcell').first().dblclick();
  const panel = page.locator('[data-testid=session-panel]:not([hidden])');
  await expect(panel).toHaveAttribute('data-state', 'connected');
  await panel.getByTestId('session-terminal').click();
  await page.keyboard.type('exit 0');
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('data-state', 'closed');
  return instanceId;
}

function sessionRows(page: Page): Locator {
  return page.locator('[data-testid=audit-row][data-action^="session."]');
}

test('a shell opened and closed appears in the audit view; the chain verifies; export gives the stored lines', async ({ page }) => {
  await openApp(page);
  const instanceId = await openAndCloseShell(page);
  // A shell asked for on an offline node (through the router, as the grid will not offer one) is recorded as failed.
  const offline = (await host.core.trainingFleet())?.nodes.find((n) => n.info.PingStatus !== 'Online');
  expect(offline).toBeDefined();
  const refused = await host.core.router.handle('sessions:start-session', { trusted: true, label: 'e2e' }, { workspaceId: 'training', instanceId: offline?.InstanceId, cols: 80, rows: 24 });
  expect(refused.ok).toBe(false);

  await page.getByTestId('nav-audit').click();
  const view = page.getByTestId('audit-view');
  await expect(view).toBeVisible();
  await expect(sessionRows(page)).toHaveCount(3);
  // Newest first: the failed open, then the close above the open.
  await expect(sessionRows(page).nth(0).getByTestId('audit-outcome')).toHaveText('Failed');
  await expect(sessionRows(page).nth(0)).toContainText(`Shell on ${offline?.InstanceId} not opened`);
  await expect(sessionRows(page).nth(1)).toHaveAttribute('data-action', 'session.closed');
  await expect(sessionRows(page).nth(2)).toHaveAttribute('data-action', 'session.opened');
  await expect(sessionRows(page).nth(1)).toContainText('Shell closed');
  await expect(sessionRows(page).nth(1)).toContainText('(exit 0)');
  await expect(sessionRows(page).nth(2)).toContainText('training-operator');
  await expect(sessionRows(page).nth(2).getByTestId('audit-outcome')).toHaveText('Succeeded');

  await sessionRows(page).nth(2).click();
  const detail = page.getByTestId('audit-detail');
  await expect(detail).toContainText(instanceId);
  await expect(detail.getByTestId('audit-detail-json')).toContainText('"sessionId"');
  await expect(detail).toContainText(/[0-9a-f]{64}/);

  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  const total = Number(await page.getByTestId('audit-table').getAttribute('data-total'));
  await expect(result).toContainText(`All ${total} entries intact`);
  await page.screenshot({ path: join(SCREENS, 'audit-view.png') });

  // Filters narrow the list; a text that matches nothing says so.
  await page.getByTestId('audit-filter-action').selectOption('session.closed');
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await page.getByTestId('audit-filter-action').selectOption('');
  await page.getByTestId('audit-filter-text').fill(instanceId);
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  await page.getByTestId('audit-filter-outcome').selectOption('failed');
  await page.getByTestId('audit-filter-text').fill('');
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await page.getByTestId('audit-filter-outcome').selectOption('');
  await page.getByTestId('audit-filter-text').fill('no-such-thing-anywhere');
  await expect(page.getByTestId('audit-empty')).toBeVisible();
  await page.getByTestId('audit-filter-text').fill('');
  await expect(sessionRows(page)).toHaveCount(3);

  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^capstan-audit-.*\.jsonl$/);
  const exported = readFileSync((await file.path()) ?? '', 'utf8');
  const stored = readFileSync(await auditFile(page), 'utf8');
  expect(exported).toBe(stored);

  // Live: an entry written while the view is open shows without a reload.
  const selected = await host.core.router.handle('workspaces:select-workspace', { trusted: true, label: 'e2e' }, { id: 'training' });
  expect(selected.ok).toBe(true);
  await expect(page.locator('[data-testid=audit-row][data-action="settings.changed"]').first()).toContainText('Workspace selected: Training — Operations · eu-west-1');
  await expect(page.getByTestId('audit-table')).toHaveAttribute('data-total', String(total + 1));
  // The verification above did not cover it, and says so rather than claim the new total.
  await expect(page.getByTestId('audit-verify-since')).toHaveText('1 entry written since; verify again to include it');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(SCREENS, 'audit-view-light.png') });
  // A laptop-sized window: the filters wrap, the detail panel keeps the table usable.
  await page.setViewportSize({ width: 1100, height: 640 });
  await expect(page.getByTestId('audit-detail')).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'audit-view-narrow-light.png') });
});

/** The log's path, as the view's footer states it. */
async function auditFile(page: Page): Promise<string> {
  const footer = (await page.locator('.audit__footer').textContent()) ?? '';
  const match = /(\/\S+audit\.jsonl)/.exec(footer);
  if (!match?.[1]) throw new Error(`no audit file path in "${footer}"`);
  return match[1];
}

test('an edited line is named by number, in Japanese too', async ({ page }) => {
  await openApp(page, 'ja');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  const file = await auditFile(page);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(2);
  // Someone rewrites what the first shell's open says, behind Capstan's back.
  lines[0] = (lines[0] as string).replace('"summary":"Shell on ', '"summary":"Nothing on ');
  writeFileSync(file, `${lines.join('\n')}\n`);

  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toHaveAttribute('data-line', '1');
  await expect(result).toContainText('1 行目が編集されています');
  // Every entry from the broken line on is marked as not to be trusted.
  const rows = await page.getByTestId('audit-row').count();
  await expect(page.locator('[data-testid=audit-row].is-untrusted')).toHaveCount(rows);
  await page.screenshot({ path: join(SCREENS, 'audit-view-broken-ja.png') });
});
