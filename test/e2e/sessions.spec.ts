import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// Session Manager shells in Chromium: the real router, session service, protocol client and the
// training fleet's agent over a real PTY. Terminal text is read from xterm's rendered rows and
// polled; nothing waits on a fixed sleep.

const FLEET_SIZE = 60;
const SCREENS = join('test-results', 'screens');

let host: TestHost;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 11 });
});

test.afterAll(async () => {
  await host?.close();
});

async function openFleet(page: Page, theme: 'dark' | 'light' = 'dark'): Promise<Locator> {
  await page.addInitScript((t) => {
    if (sessionStorage.getItem('capstan.e2e.preset')) return;
    sessionStorage.setItem('capstan.e2e.preset', '1');
    localStorage.setItem('capstan.theme', t);
    localStorage.setItem('capstan.language', 'en');
    localStorage.removeItem('capstan.terminal.fontSize');
  }, theme);
  await page.goto(host.url);
  const grid = page.getByTestId('fleet-grid');
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
  return grid;
}

async function filterTo(page: Page, grid: Locator, text: string): Promise<void> {
  await page.getByTestId('fleet-filter').fill(text);
  await expect(grid).toHaveAttribute('data-filter-applied', text);
}

/** The visible shell panel (only the active tab's panel is shown). */
function activePanel(page: Page): Locator {
  return page.locator('[data-testid=session-panel]:not([hidden])');
}

/** Every rendered terminal row of a panel, trailing blanks trimmed. */
async function terminalLines(panel: Locator): Promise<string[]> {
  return panel.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

/** Types a command line into the shell of a panel. */
async function run(page: Page, panel: Locator, command: string): Promise<void> {
  await panel.getByTestId('session-terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/** Filters to one Online Linux node and opens a shell on it by double-clicking its name. */
async function openShell(page: Page, grid: Locator): Promise<{ panel: Locator; instanceId: string }> {
  await filterTo(page, grid, 'ping:online platform:linux');
  const row = page.getByTestId('fleet-row').first();
  const instanceId = (await row.getAttribute('data-instance-id')) ?? '';
  await row.getByRole('gridcell').first().dblclick();
  const panel = activePanel(page);
  await expect(panel).toHaveAttribute('data-state', 'connected');
  return { panel, instanceId };
}

test('a shell from the grid: echo, resize follows stty size, exit shows exit code 0', async ({ page }) => {
  const grid = await openFleet(page);
  const { panel } = await openShell(page, grid);
  const tab = page.getByTestId('session-tab');
  await expect(tab).toHaveCount(1);
  await expect(tab.getByTestId('session-tab-state')).toHaveText(/^(Connected|Encrypted)$/);

  await run(page, panel, 'echo hello');
  // The echoed command line contains "hello" too: wait for the output line itself.
  await expect.poll(async () => (await terminalLines(panel)).some((line) => line === 'hello')).toBe(true);
  await page.screenshot({ path: join(SCREENS, 'session-dark.png') });

  const before = { cols: Number(await panel.getAttribute('data-cols')), rows: Number(await panel.getAttribute('data-rows')) };
  await page.setViewportSize({ width: 1100, height: 640 });
  await expect.poll(async () => Number(await panel.getAttribute('data-cols'))).toBeLessThan(before.cols);
  const after = { cols: Number(await panel.getAttribute('data-cols')), rows: Number(await panel.getAttribute('data-rows')) };
  expect(after.rows).toBeLessThan(before.rows);
  // The remote PTY learns the size after the resize debounce: ask until it answers with the new one.
  await expect
    .poll(
      async () => {
        await run(page, panel, 'stty size');
        const sizes = (await terminalLines(panel)).filter((line) => /^\d+ \d+$/.test(line));
        return sizes.at(-1);
      },
      { intervals: [250, 500, 1000] },
    )
    .toBe(`${after.rows} ${after.cols}`);

  await run(page, panel, 'exit');
  await expect(panel).toHaveAttribute('data-state', 'closed');
  await expect(panel.getByTestId('session-ended')).toContainText('exit code 0');
  await expect(tab.getByTestId('session-tab-state')).toHaveText('Closed · exit 0');
  await expect(panel.getByTestId('session-force-close')).toBeDisabled();
  await page.screenshot({ path: join(SCREENS, 'session-closed-dark.png') });

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(SCREENS, 'session-closed-light.png') });
});

test('light theme: Enter on a selected row opens a shell; Ctrl+C reaches the shell as ^C', async ({ page }) => {
  const grid = await openFleet(page, 'light');
  await filterTo(page, grid, 'ping:online platform:linux');
  await page.getByTestId('fleet-filter').press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const panel = activePanel(page);
  await expect(panel).toHaveAttribute('data-state', 'connected');

  await run(page, panel, 'sleep 30; echo not-interrupted');
  await page.keyboard.press('Control+c');
  await run(page, panel, 'echo after-interrupt');
  await expect.poll(async () => (await terminalLines(panel)).some((line) => line === 'after-interrupt')).toBe(true);
  expect((await terminalLines(panel)).some((line) => line === 'not-interrupted')).toBe(false);
  await page.screenshot({ path: join(SCREENS, 'session-light.png') });

  // Closing the tab of a live session asks first; confirming terminates it.
  await page.getByRole('button', { name: /^Close shell on / }).click();
  const dialog = page.getByTestId('close-session-dialog');
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'session-close-dialog-light.png') });
  await dialog.getByRole('button', { name: 'Terminate and close' }).click();
  await expect(page.getByTestId('session-tab')).toHaveCount(0);
  await expect(page.getByTestId('fleet-grid')).toBeVisible();
});

test('an offline node explains why no shell opens', async ({ page }) => {
  const grid = await openFleet(page);
  await filterTo(page, grid, '-ping:online');
  await page.getByTestId('fleet-row').first().getByRole('gridcell').first().dblclick();
  await expect(page.getByTestId('shell-refused')).toContainText('Session Manager reaches a node only while its SSM Agent is connected');
  await expect(page.getByTestId('session-tab')).toHaveCount(0);

  await page.getByTestId('fleet-row').first().getByRole('gridcell').first().click({ button: 'right' });
  const menu = page.getByTestId('node-context-menu');
  await expect(menu.getByRole('menuitem', { name: /Open shell/ })).toBeDisabled();
  await expect(menu).toContainText('can open a shell only on an Online node');
});

test('a reload rebuilds open tabs, and the sessions view lists the session with who and how it ended', async ({ page }) => {
  const grid = await openFleet(page);
  const { panel, instanceId } = await openShell(page, grid);
  const sessionId = (await panel.getAttribute('data-session-id')) ?? '';
  expect(sessionId).not.toBe('');

  await page.reload();
  const restored = page.locator(`[data-testid=session-panel][data-session-id="${sessionId}"]`);
  await expect(page.getByTestId('session-tab')).toHaveCount(1);
  await page.getByTestId('session-tab').getByRole('tab').click();
  await expect(restored).toHaveAttribute('data-state', 'connected');
  await run(page, restored, 'echo still-here');
  await expect.poll(async () => (await terminalLines(restored)).some((line) => line === 'still-here')).toBe(true);

  await page.getByTestId('nav-sessions').click();
  const row = page.locator(`[data-testid=sessions-row][data-session-id="${sessionId}"]`);
  await expect(row).toContainText(instanceId);
  await expect(row).toContainText('still open');
  await page.screenshot({ path: join(SCREENS, 'sessions-view-active-dark.png') });

  await row.getByRole('button', { name: 'Show tab' }).click();
  await run(page, restored, 'exit 3');
  await expect(restored.getByTestId('session-ended')).toContainText('exit code 3');

  await page.getByTestId('nav-sessions').click();
  await page.getByRole('radio', { name: 'History' }).click();
  const past = page.locator(`[data-testid=sessions-row][data-session-id="${sessionId}"]`);
  await expect(past).toContainText(instanceId);
  await expect(past.locator('td').nth(5)).toHaveText('3');
  await page.screenshot({ path: join(SCREENS, 'sessions-view-history-dark.png') });
});
