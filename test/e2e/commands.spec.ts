import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// Run Command in Chromium against the real router, command service, store and training fleet (its
// scripts really run in each node's sandbox). Every wait is on the DOM or the host's own answers.

// Seed 7 with 60 nodes: `tag:Environment=test platform:linux` lists five Linux nodes, one of them
// (web-test-euw1-026) ConnectionLost and none tagged production.
const FLEET_SIZE = 60;
const FILTER = 'tag:Environment=test platform:linux';
const OFFLINE_NODE = 'i-0b2e60b13e75c5af4';
const SCREENS = process.env.CAPSTAN_SCREENS_DIR ?? join('test-results', 'screens');
const caller = { trusted: true, label: 'commands spec' };

let host: TestHost;
let workspaceId: string;

interface FleetPageAnswer {
  ok: boolean;
  value: { rows: Array<{ instanceId: string; pingStatus: string }>; total: number };
}

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  const list = (await host.core.router.handle('workspaces:list-workspaces', caller, {})) as { ok: true; value: { selectedId: string } };
  workspaceId = list.value.selectedId;
});

test.afterAll(async () => {
  await host?.close();
});

async function openApp(page: Page, theme: 'dark' | 'light' = 'dark', language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
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
  await expect(page.getByTestId('fleet-grid')).toBeVisible();
}

/** The nodes the grid's filter lists, as the core answers them. */
async function filtered(filter: string): Promise<FleetPageAnswer['value']> {
  const answer = (await host.core.router.handle('fleet:list-nodes', caller, {
    workspaceIds: [workspaceId],
    filter,
    sort: { column: 'name', direction: 'asc' },
    offset: 0,
    limit: 1000,
  })) as FleetPageAnswer;
  expect(answer.ok).toBe(true);
  return answer.value;
}

async function pickDocument(page: Page, name: string): Promise<void> {
  await page.getByTestId('command-document-search').fill(name);
  await page.locator(`[data-testid="command-document"][data-name="${name}"]`).click();
  await expect(page.getByTestId('command-document-detail')).toBeVisible();
}

test('filter the grid, run echo hello on its nodes: each online node succeeds, one grouped line, the offline node is not sent, history lists it', async ({ page }) => {
  test.slow();
  await openApp(page);
  const runButton = page.getByTestId('fleet-run-command');
  // No filter: disabled, never the whole fleet by accident.
  await expect(runButton).toBeDisabled();

  await page.getByTestId('fleet-filter').fill(FILTER);
  const expected = await filtered(FILTER);
  const online = expected.rows.filter((n) => n.pingStatus === 'Online').length;
  expect(expected.total).toBe(5);
  expect(expected.rows.some((n) => n.instanceId === OFFLINE_NODE && n.pingStatus !== 'Online')).toBe(true);
  await expect(runButton).toHaveText(`Run command on ${expected.total} nodes…`);
  await page.screenshot({ path: join(SCREENS, 'commands-fleet-entry.png') });
  await runButton.click();

  await expect(page.getByTestId('commands-screen')).toBeVisible();
  await expect(page.getByTestId('command-target-preset')).toContainText(FILTER);
  await pickDocument(page, 'AWS-RunShellScript');
  await page.getByTestId('command-param-commands').fill('echo hello');

  const preview = page.getByTestId('command-preview');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await expect(preview).toHaveAttribute('data-total', String(expected.total));
  const offlineRow = page.locator(`[data-testid="command-preview-node"][data-instance-id="${OFFLINE_NODE}"]`);
  await expect(offlineRow.getByTestId('command-preview-offline-flag')).toBeVisible();
  await expect(page.getByTestId('command-preview-offline')).toHaveText('1 offline');

  const send = page.getByTestId('command-send');
  await expect(send).toBeEnabled();
  await expect(send).toHaveText(`Send to ${online} nodes`);
  await page.screenshot({ path: join(SCREENS, 'commands-form-preview.png') });
  await send.click();

  const job = page.getByTestId('job-view');
  await expect(job).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  const jobId = await job.getAttribute('data-job-id');
  expect(jobId).toBeTruthy();
  await expect(page.getByTestId('job-count-success')).toHaveText(String(online));
  await expect(page.getByTestId('job-count-targets')).toHaveText(String(expected.total));

  // Every online node said "hello": one group line, not four.
  const success = page.locator('[data-testid="job-group"][data-status="Success"]');
  await expect(success).toHaveCount(1);
  await expect(success).toHaveAttribute('data-count', String(online));
  await expect(success.getByTestId('job-group-output')).toHaveText('hello');

  // The offline node was kept back and says so.
  await page.getByTestId('job-filter-NotSent').click();
  const notSent = page.locator(`[data-testid="job-node"][data-instance-id="${OFFLINE_NODE}"]`);
  await expect(notSent).toHaveAttribute('data-status', 'NotSent');
  await expect(page.getByTestId('job-nodes')).toHaveAttribute('data-total', '1');
  await page.getByTestId('job-filter-all').click();
  await expect(page.getByTestId('job-nodes')).toHaveAttribute('data-total', String(expected.total));

  // The group opens to its full text; one node's full output comes from GetCommandInvocation.
  await success.getByRole('button').first().click();
  await expect(success.locator('pre')).toHaveText('hello\n');
  const first = page.locator('[data-testid="job-node"][data-status="Success"]').first();
  await first.getByRole('button', { name: /^Full output of / }).click();
  await expect(page.getByTestId('job-output-stdout')).toHaveText('hello\n');
  await page.screenshot({ path: join(SCREENS, 'commands-job-finished.png') });
  await page.getByTestId('job-full-output').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('job-full-output')).toBeHidden();

  // "Run again" asks first and says which nodes: here the one that was offline, still offline.
  await page.getByTestId('job-rerun').click();
  const rerun = page.getByTestId('job-rerun-confirm');
  await expect(rerun).toContainText('again on 1 node that did not succeed');
  await expect(rerun).toContainText('1 of them is offline now');
  await rerun.getByRole('button', { name: 'Cancel' }).click();
  await expect(rerun).toBeHidden();

  await page.getByTestId('commands-tab-history').click();
  const row = page.locator(`[data-testid="job-history-row"][data-job-id="${jobId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('AWS-RunShellScript');
  await page.screenshot({ path: join(SCREENS, 'commands-history.png') });
  await row.click();
  await expect(page.getByTestId('job-view')).toHaveAttribute('data-job-id', jobId as string);
});

test('"Run command…" on a grid row presets that node; a parameter that fails its pattern blocks Send and says what to fix', async ({ page }) => {
  await openApp(page);
  const target = (await filtered(FILTER)).rows.find((n) => n.pingStatus === 'Online');
  expect(target).toBeDefined();
  await page.getByTestId('fleet-filter').fill(FILTER);
  await page.locator(`[data-testid="fleet-row"][data-instance-id="${target?.instanceId}"]`).click({ button: 'right' });
  await page.getByTestId('node-run-command').click();
  await expect(page.getByTestId('command-target-preset')).toContainText(target?.instanceId ?? '');
  await pickDocument(page, 'Capstan-RestartService');
  await expect(page.getByTestId('command-preview')).toHaveAttribute('data-total', '1');

  await page.getByTestId('command-param-serviceName').fill('nginx; rm -rf /');
  const error = page.getByTestId('command-param-error-serviceName');
  await expect(error).toContainText('serviceName');
  await expect(page.getByTestId('command-param-serviceName')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('command-send')).toBeDisabled();
  await expect(page.getByTestId('command-blockers')).toContainText('serviceName');
  await page.screenshot({ path: join(SCREENS, 'commands-pattern-error.png') });

  // A look at the grid loses nothing typed; fixing the value is then all it takes.
  await page.getByTestId('nav-fleet').click();
  await expect(page.getByTestId('commands-screen')).toBeHidden();
  await page.getByTestId('nav-commands').click();
  await expect(page.getByTestId('command-param-serviceName')).toHaveValue('nginx; rm -rf /');
  await page.getByTestId('command-param-serviceName').fill('nginx');
  await expect(error).toBeHidden();
  await expect(page.getByTestId('command-send')).toBeEnabled();
  await expect(page.getByTestId('command-target-preset')).toContainText(target?.instanceId ?? '');
});

test('a running job by tag query shows live progress and cancels after asking (light theme, Japanese)', async ({ page }) => {
  test.slow();
  await openApp(page, 'light', 'ja');
  await page.getByTestId('nav-commands').click();
  await pickDocument(page, 'AWS-RunShellScript');
  await page.getByTestId('command-tag-key').fill('Role');
  await page.getByTestId('command-tag-values').fill('web');
  // Web servers include Windows ones: AWS-RunShellScript cannot run there, and the preview says so.
  const preview = page.getByTestId('command-preview');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await expect(preview).toContainText('プラットフォーム不一致');
  await page.getByTestId('command-param-commands').fill('echo start\nsleep 20\necho done');
  await page.getByTestId('command-option-maxConcurrency').fill('1');
  await page.getByTestId('command-option-comment').fill('e2e: cancel a slow job');
  // Production web servers are among the targets: Send waits for the typed confirmation.
  const confirm = page.getByTestId('command-confirm');
  await expect(confirm).toBeVisible();
  await expect(page.getByTestId('command-send')).toBeDisabled();
  const expected = (await confirm.locator('.cmd-confirm__expected').textContent()) ?? '';
  expect(expected).toMatch(/^\d+ nodes$/);
  await page.getByTestId('command-confirm-input').fill(expected.slice(0, -1));
  await expect(page.getByTestId('command-send')).toBeDisabled();
  await page.getByTestId('command-confirm-input').fill(expected);
  await expect(page.getByTestId('command-send')).toBeEnabled();
  await page.screenshot({ path: join(SCREENS, 'commands-confirm-light-ja.png') });
  await page.getByTestId('command-send').click();

  const job = page.getByTestId('job-view');
  await expect(job).toHaveAttribute('data-status', 'InProgress', { timeout: 30_000 });
  await expect(page.getByTestId('job-count-inProgress')).toHaveText('1');
  await page.screenshot({ path: join(SCREENS, 'commands-job-running-light-ja.png') });

  await page.getByTestId('job-cancel').click();
  await expect(page.getByTestId('job-cancel-confirm')).toBeVisible();
  await page.getByTestId('job-cancel-go').click();
  await expect(job).toHaveAttribute('data-status', 'Cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('job-status')).toHaveText('キャンセル済み');
});
