import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import type { BridgeApi } from '../../preload/contract/bridge-api';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// The fleet grid in Chromium against the real router, store and training-fleet simulator.
// Every wait is on the DOM (locator assertions, expect.poll): never a fixed sleep.

const FLEET_SIZE = 1500;
const SCREENS = join('test-results', 'screens');

let host: TestHost;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
});

test.afterAll(async () => {
  await host?.close();
});

interface OpenOptions {
  theme?: 'dark' | 'light';
  language?: 'en' | 'ja';
}

/** Opens Capstan with a theme and language preset, and waits until the whole fleet is painted. */
async function openFleet(page: Page, { theme = 'dark', language = 'en' }: OpenOptions = {}): Promise<Locator> {
  await page.addInitScript(
    ([t, l]) => {
      // Only on the first load of this page, so a test can check that a choice survives a reload.
      if (sessionStorage.getItem('capstan.e2e.preset')) return;
      sessionStorage.setItem('capstan.e2e.preset', '1');
      localStorage.setItem('capstan.theme', t);
      localStorage.setItem('capstan.language', l);
      localStorage.removeItem('capstan.fleet.columnWidths.v1');
    },
    [theme, language] as const,
  );
  await page.goto(host.url);
  const grid = page.getByTestId('fleet-grid');
  // The first sync of the training fleet may still be running: rows arrive via fleet:nodes-changed.
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
  await expect(grid).toHaveAttribute('data-filter-applied', '');
  await expect(page.getByTestId('fleet-row').first()).toBeVisible();
  return grid;
}

/** Types into the quick filter and waits until the grid paints the results of exactly that text. */
async function filterTo(page: Page, grid: Locator, text: string): Promise<void> {
  await page.getByTestId('fleet-filter').fill(text);
  await expect(grid).toHaveAttribute('data-filter-applied', text);
}

/**
 * Waits until the page's copy of the fleet answers the grid: it is read in the background after
 * the grid first shows rows, and once whole the rows on screen are read again from it.
 */
async function copyAnswers(page: Page, grid: Locator): Promise<void> {
  await filterTo(page, grid, 'web');
  await expect(grid).toHaveAttribute('data-rows-from', 'mirror');
  await filterTo(page, grid, '');
}

/** Waits until the training fleet's sync (started with the host) has ended, as main reports it. */
async function syncEnded(): Promise<void> {
  const who = { trusted: true, label: 'e2e' } as const;
  await expect
    .poll(async () => {
      const summary = (await host.core.router.handle('fleet:get-summary', who, { workspaceIds: ['training'] })) as { value?: { syncs: Array<{ phase: string }> } };
      return summary.value?.syncs[0]?.phase;
    })
    .not.toBe('running');
}

async function visibleInstanceIds(page: Page): Promise<string[]> {
  return page.getByTestId('fleet-row').evaluateAll((rows) =>
    rows
      .map((row) => ({ id: row.getAttribute('data-instance-id') ?? '', index: Number(row.getAttribute('aria-rowindex')) }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.id),
  );
}

test('shows the training fleet, labelled TRAINING, with every node counted', async ({ page }) => {
  const grid = await openFleet(page);

  await expect(page.getByTestId('training-badge').first()).toHaveText('TRAINING');
  await expect(page.getByTestId('training-banner')).toContainText('simulated nodes, safe to experiment');
  const ids = await visibleInstanceIds(page);
  expect(ids.length).toBeGreaterThan(10);
  for (const id of ids) expect(id).toMatch(/^(i|mi)-[0-9a-f]+$/);
  await expect(page.getByTestId('fleet-count')).toHaveText('1,500 nodes');
  // One workspace watched: the picker names it, the status bar speaks of its one sync.
  await expect(page.getByTestId('workspace-summary')).toHaveText('Training — Operations · eu-west-1');
  await expect(page.getByTestId('last-synced')).toHaveText(/^Last synced /);
  await expect(page.getByTestId('caller-identity')).toHaveText('Signed in as arn:aws:iam::111122223333:user/training-operator');
  // Account and Region are columns of their own; the account reads by name, its id on hover.
  await expect(page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Region' })).toBeVisible();
  await expect(grid.getByTestId('fleet-row').first().getByRole('gridcell').nth(7)).toHaveText('Training — Operations');
  await expect(grid.getByTestId('fleet-row').first().getByRole('gridcell').nth(7)).toHaveAttribute('title', '111122223333');
  await expect(grid.getByTestId('fleet-row').first().getByRole('gridcell').nth(8)).toHaveText('eu-west-1');
  // Ping status reads as words, not colour alone.
  await expect(grid.locator('.ping').first()).toHaveText(/^(Online|Connection lost|Inactive)$/);

  await page.screenshot({ path: join(SCREENS, 'fleet-dark.png') });
  await expect(grid).toBeVisible();
});

test('a filter narrows the grid; a bad term is explained inline and the last good rows stay', async ({ page }) => {
  const grid = await openFleet(page);

  await filterTo(page, grid, 'ping:offline');
  const offline = Number(await grid.getAttribute('data-total'));
  expect(offline).toBeGreaterThan(0);
  expect(offline).toBeLessThan(FLEET_SIZE);
  await expect(grid.locator('.ping--online')).toHaveCount(0);
  await expect(page.getByTestId('fleet-count')).toHaveText(`${offline.toLocaleString('en')} of 1,500 nodes match`);
  const offlineIds = await visibleInstanceIds(page);

  await page.getByTestId('fleet-filter').fill('ping:offline bogus:x');
  const error = page.getByTestId('fleet-filter-error');
  await expect(error).toContainText("Unknown filter field 'bogus'");
  await expect(page.getByTestId('fleet-filter')).toHaveAttribute('aria-invalid', 'true');
  // The rows of the last good filter are still what is painted.
  await expect(grid).toHaveAttribute('data-filter-applied', 'ping:offline');
  await expect(grid).toHaveAttribute('data-total', String(offline));
  expect(await visibleInstanceIds(page)).toEqual(offlineIds);
  await page.screenshot({ path: join(SCREENS, 'fleet-filter-error-dark.png') });

  // Esc clears the box and the whole fleet comes back.
  await page.getByTestId('fleet-filter').press('Escape');
  await expect(error).toHaveCount(0);
  await expect(grid).toHaveAttribute('data-filter-applied', '');
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
});

test('a filter answered at once shows no spinner; one answered slowly shows it until its rows land', async ({ page }) => {
  const grid = await openFleet(page);
  const spinner = page.getByTestId('fleet-filter-pending');
  const line = page.getByTestId('fleet-progress-line');
  // The progress line is on for a sync too: look at it once the sync has ended.
  await syncEnded();

  // Main holds the answer to a product filter (the inventory is main's: the page's copy of the
  // fleet cannot answer it) until the test has seen the spinner.
  const text = 'product:prod';
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const handle = host.core.router.handle;
  host.core.router.handle = async (channel, who, request) => {
    if (channel === 'fleet:list-nodes' && (request as { filter?: string }).filter === text) await held;
    return handle(channel, who, request);
  };
  try {
    // Right after the keystroke nothing spins: a spinner on every keystroke only flickers (and
    // cost the keystroke's repaint more than the answer did).
    const atOnce = await page.getByTestId('fleet-filter').evaluate(async (input: HTMLInputElement, typed) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(input, typed);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // A task later: React has rendered the keystroke (its timers start after this one).
      await new Promise((resolve) => setTimeout(resolve, 0));
      const gridEl = document.querySelector('[data-testid="fleet-grid"] [role="grid"]')!;
      return {
        busy: gridEl.getAttribute('aria-busy'),
        spinning: document.querySelector('[data-testid="fleet-filter-pending"]') !== null,
        line: document.querySelector('[data-testid="fleet-progress-line"]')?.classList.contains('is-on'),
      };
    }, text);
    expect(atOnce).toEqual({ busy: 'true', spinning: false, line: false });
    // The answer is slow: the spinner and the line appear, and the last rows stay painted meanwhile.
    await expect(spinner).toBeVisible();
    await expect(line).toHaveClass(/is-on/);
    // The line answers the operator's own wait: it moves though they typed a moment ago (a sync's
    // line would hold still now).
    expect(await line.evaluate((el) => [el.closest('[data-typing]') !== null, getComputedStyle(el, '::after').animationPlayState])).toEqual([true, 'running']);
    await expect(grid).toHaveAttribute('data-filter-applied', '');
    release();
    await expect(grid).toHaveAttribute('data-filter-applied', text);
    await expect(spinner).toHaveCount(0);
    await expect(line).not.toHaveClass(/is-on/);
  } finally {
    release();
    host.core.router.handle = handle;
  }
});

test("a sync's moving indicators hold still while the operator types, and move again once typing stops", async ({ page }) => {
  const grid = await openFleet(page);
  await syncEnded();
  const fleet = (await host.core.trainingFleet())!;
  // Every page of the refresh answers slowly, so the sync is still running while the test types.
  fleet.faults.setLatency(300);
  try {
    await page.getByTestId('fleet-refresh').click();
    const spinner = page.getByTestId('sync-progress').locator('.spinner');
    const line = page.getByTestId('fleet-progress-line');
    await expect(spinner).toBeVisible();
    await expect(line).toHaveClass(/is-on is-sync/);
    // The line's bar either moves, or holds still drawn across the whole line (so it cannot sit
    // paused off the line's edge and seem gone).
    const playState = (): Promise<{ spinner: string; line: string }> =>
      page.evaluate(() => {
        const line = document.querySelector('[data-testid="fleet-progress-line"]')!;
        const bar = getComputedStyle(line, '::after');
        const across = Math.abs(parseFloat(bar.width) - line.getBoundingClientRect().width) < 1 && Number(bar.opacity) > 0;
        return {
          spinner: getComputedStyle(document.querySelector('[data-testid="sync-progress"] .spinner')!).animationPlayState,
          line: bar.animationName !== 'none' && bar.animationPlayState === 'running' ? 'moving' : across ? 'still across' : 'lost',
        };
      });
    expect(await playState()).toEqual({ spinner: 'running', line: 'moving' });

    await page.getByTestId('fleet-filter').pressSequentially('pro');
    // Polled: the mark is set as each key is handled, but a slow machine may still be styling it.
    await expect.poll(playState).toEqual({ spinner: 'paused', line: 'still across' });
    await expect(grid).toHaveAttribute('data-filter-applied', 'pro');
    // A second after the last keystroke both move again; the sync never stopped meanwhile.
    await expect.poll(playState, { timeout: 5000 }).toEqual({ spinner: 'running', line: 'moving' });
    await expect(spinner).toBeVisible();
  } finally {
    // Cancel while the slow pages still hold the sync (a sync already ended has no button to wait for).
    await page
      .getByTestId('sync-progress')
      .getByRole('button', { name: 'Cancel' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
    fleet.faults.setLatency(0);
    await syncEnded();
  }
});

test("once the page holds its copy of the fleet, a keystroke asks main nothing, shows main's rows, and a sync's changes repaint", async ({ page }) => {
  const grid = await openFleet(page);
  await syncEnded();
  const who = { trusted: true, label: 'e2e' } as const;
  const asked: string[] = [];
  const handle = host.core.router.handle;
  host.core.router.handle = async (channel, whom, request) => {
    if (channel === 'fleet:list-nodes') asked.push((request as { filter: string }).filter);
    return handle(channel, whom, request);
  };
  const mainAnswer = async (filter: string): Promise<{ total: number; ids: string[] }> => {
    const result = (await handle('fleet:list-nodes', who, { workspaceIds: ['training'], filter, sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 8 })) as {
      value: { total: number; rows: Array<{ instanceId: string }> };
    };
    return { total: result.value.total, ids: result.value.rows.map((n) => n.instanceId) };
  };
  const shown = async (): Promise<{ total: number; ids: string[] }> => ({
    total: Number(await grid.getAttribute('data-total')),
    ids: await page.getByTestId('fleet-row').evaluateAll((rows) =>
      rows
        .map((row) => ({ index: Number(row.getAttribute('data-index')), id: row.getAttribute('data-instance-id') ?? '' }))
        .sort((a, b) => a.index - b.index)
        .slice(0, 8)
        .map((row) => row.id),
    ),
  });
  try {
    await copyAnswers(page, grid);
    const box = page.getByTestId('fleet-filter');
    await box.click();
    await box.press('d');
    await expect(grid).toHaveAttribute('data-rows-from', 'mirror');
    asked.length = 0;
    for (const text of ['db', 'db-', 'db-p', 'db-', 'db']) {
      const now = await box.inputValue();
      await (text.length > now.length ? box.press(text.at(-1)!) : box.press('Backspace'));
      await expect(grid).toHaveAttribute('data-filter-applied', text);
      await expect(grid).toHaveAttribute('data-rows-from', 'mirror');
      expect(await shown()).toEqual(await mainAnswer(text));
    }
    expect(asked).toEqual([]);

    // A node is renamed to match the filter on screen: after the refresh the grid shows it,
    // without a keystroke, and still as main lists it.
    const fleet = (await host.core.trainingFleet())!;
    const matching = (await handle('fleet:list-nodes', who, { workspaceIds: ['training'], filter: 'db', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1000 })) as {
      value: { rows: Array<{ instanceId: string }> };
    };
    const matchIds = new Set(matching.value.rows.map((n) => n.instanceId));
    // An EC2 node: its name is its Name tag (a hybrid node keeps the name it registered with).
    const renamed = fleet.nodes.find((n) => n.InstanceId.startsWith('i-') && !matchIds.has(n.InstanceId))!;
    fleet.setNodeTags(renamed.InstanceId, [...renamed.tags.filter((tag) => tag.Key !== 'Name'), { Key: 'Name', Value: 'db-aaa-renamed' }]);
    const before = await mainAnswer('db');
    await handle('fleet:refresh-nodes', who, { workspaceIds: ['training'] });
    await syncEnded();
    await expect(grid).toHaveAttribute('data-total', String(before.total + 1));
    expect(await shown()).toEqual(await mainAnswer('db'));
    await box.pressSequentially('-aaa');
    await expect(grid).toHaveAttribute('data-filter-applied', 'db-aaa');
    await expect(page.getByTestId('fleet-row')).toHaveCount(1);
    await expect(page.getByTestId('fleet-row')).toHaveAttribute('data-instance-id', renamed.InstanceId);
    // The page re-read the rows from its copy, not from main (the test's own reads bypass the count).
    expect(asked).toEqual([]);
  } finally {
    host.core.router.handle = handle;
  }
});

test('a filter main answers (inventory terms) is asked once per keystroke, and a retyped one is answered from the page', async ({ page }) => {
  const grid = await openFleet(page);
  // Rows a sync writes are read again (fleet:nodes-changed), and the page's copy of the fleet takes
  // over the rows on screen once loaded: count only once both are done.
  await syncEnded();
  await copyAnswers(page, grid);

  const asked = new Map<string, number>();
  const handle = host.core.router.handle;
  host.core.router.handle = async (channel, whom, request) => {
    const query = request as { filter?: string; offset?: number };
    if (channel === 'fleet:list-nodes' && query.offset === 0) asked.set(query.filter ?? '', (asked.get(query.filter ?? '') ?? 0) + 1);
    return handle(channel, whom, request);
  };
  try {
    const box = page.getByTestId('fleet-filter');
    await filterTo(page, grid, 'app:o');
    await expect(grid).toHaveAttribute('data-rows-from', 'main');
    for (const text of ['app:op', 'app:ope', 'app:op', 'app:o', 'app:op']) {
      // Typed a key at a time (or backspaced), each answered before the next, as the grid bench types.
      const now = (await box.inputValue()) ?? '';
      await (text.length > now.length ? box.press(text.at(-1)!) : box.press('Backspace'));
      await expect(grid).toHaveAttribute('data-filter-applied', text);
    }
    // Asked once each: sent before React rendered the key (sendEarly) and taken by the grid, never
    // sent again by it. (This does not show the request went out early; the grid bench's timing does.)
    expect([asked.get('app:o'), asked.get('app:op'), asked.get('app:ope')]).toEqual([1, 1, 1]);

    // A sync writes: the page re-reads the rows on screen ('app:op'), and the cached 'app:o' is stale.
    const readsOnScreen = asked.get('app:op') ?? 0;
    const who = { trusted: true, label: 'e2e' } as const;
    await host.core.router.handle('fleet:refresh-nodes', who, { workspaceIds: ['training'] });
    await syncEnded();
    await expect.poll(() => asked.get('app:op') ?? 0).toBeGreaterThan(readsOnScreen);
    // Retyped, a stale text is asked again, once.
    await box.press('Backspace');
    await expect(grid).toHaveAttribute('data-filter-applied', 'app:o');
    expect(asked.get('app:o')).toBe(2);
  } finally {
    host.core.router.handle = handle;
  }
});

/** Each grid cell's text: how far it reaches past the cell's edge, and whether the cell clips it. */
async function cellReach(page: Page): Promise<Array<{ column: number; text: string; clipped: boolean; overflowPx: number }>> {
  return page.getByTestId('fleet-row').evaluateAll((rows) =>
    rows.flatMap((row) =>
      [...row.querySelectorAll<HTMLElement>(':scope > [role="gridcell"]')].map((cell, column) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return {
          column,
          text: cell.textContent ?? '',
          clipped: cell.classList.contains('is-clipped'),
          // Past the padding edge: the text the cell's width has room for ends there.
          overflowPx: range.getBoundingClientRect().right - (cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight)),
        };
      }),
    ),
  );
}

test('a cell clips its text with an ellipsis only when the text is wider than the column, and never paints into the next', async ({ page }) => {
  await syncEnded();
  await openFleet(page);
  // Long host names are wider than the Name column at its default width: those cells clip.
  const before = await cellReach(page);
  expect(before.filter((c) => c.column === 0 && c.clipped && c.overflowPx > 0).length).toBeGreaterThan(0);
  // At its default width every Instance ID fits, and no cell clips it.
  expect(before.filter((c) => c.column === 1 && c.clipped)).toEqual([]);
  // A cell that does not clip holds its text within its content box (or within a pixel of it).
  expect(before.filter((c) => !c.clipped && c.overflowPx > 1)).toEqual([]);

  // Narrowed to its minimum, every Instance ID overflows its column and clips with an ellipsis.
  const handle = page.getByRole('separator', { name: 'Resize column Instance ID' });
  await handle.focus();
  for (let i = 0; i < 4; i += 1) await handle.press('Shift+ArrowLeft');
  const firstId = page.getByTestId('fleet-row').first().getByRole('gridcell').nth(1);
  await expect(firstId).toHaveClass(/is-clipped/);
  await expect(firstId).toHaveCSS('text-overflow', 'ellipsis');
  await expect(firstId).toHaveCSS('overflow-x', 'clip');
  const narrow = await cellReach(page);
  expect(narrow.filter((c) => /^(i|mi)-/.test(c.text) && !c.clipped)).toEqual([]);
  expect(narrow.filter((c) => !c.clipped && c.overflowPx > 1)).toEqual([]);
  await page.screenshot({ path: join(SCREENS, 'fleet-narrow-id-dark.png') });

  // Wide again, the ids fit and stop clipping.
  for (let i = 0; i < 4; i += 1) await handle.press('Shift+ArrowRight');
  await expect(firstId).not.toHaveClass(/is-clipped/);
});

test('in Japanese too, no unclipped cell paints past its content box', async ({ page }) => {
  await syncEnded();
  await openFleet(page, { language: 'ja' });
  await expect(page.getByRole('columnheader', { name: '名前' })).toBeVisible();
  const cells = await cellReach(page);
  expect(cells.length).toBeGreaterThan(100);
  expect(cells.filter((c) => !c.clipped && c.overflowPx > 1)).toEqual([]);
});

test('a filter that matches nothing says so and offers to clear it', async ({ page }) => {
  const grid = await openFleet(page, { theme: 'light' });

  await filterTo(page, grid, 'no-such-node-anywhere');
  await expect(grid).toHaveAttribute('data-total', '0');
  await expect(page.getByTestId('fleet-no-matches')).toContainText('No nodes match “no-such-node-anywhere”');
  await expect(page.getByTestId('fleet-row')).toHaveCount(0);
  await page.screenshot({ path: join(SCREENS, 'fleet-no-matches-light.png') });

  await page.getByTestId('fleet-no-matches').getByRole('button', { name: 'Clear filter' }).click();
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
  await expect(page.getByTestId('fleet-filter')).toBeFocused();
});

test('the ping counts are quick filters', async ({ page }) => {
  const grid = await openFleet(page);
  const lost = page.getByTestId('summary-lost');
  const count = Number((await lost.locator('.summary__count').innerText()).replace(/,/g, ''));

  await lost.click();
  await expect(page.getByTestId('fleet-filter')).toHaveValue('ping:connectionlost');
  await expect(grid).toHaveAttribute('data-filter-applied', 'ping:connectionlost');
  await expect(grid).toHaveAttribute('data-total', String(count));
  await expect(lost).toHaveAttribute('aria-pressed', 'true');

  await lost.click();
  await expect(grid).toHaveAttribute('data-filter-applied', '');
});

test('clicking a header sorts by it, and again reverses the order', async ({ page }) => {
  await openFleet(page);
  const sortButton = page.getByRole('button', { name: 'Instance ID', exact: true });
  const header = page.getByRole('columnheader').filter({ has: sortButton });
  const isSorted = (ids: string[], direction: 'asc' | 'desc'): boolean => {
    const expected = [...ids].sort();
    if (direction === 'desc') expected.reverse();
    return ids.length > 10 && ids.every((id, i) => id === expected[i]);
  };

  await sortButton.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => isSorted(await visibleInstanceIds(page), 'asc')).toBe(true);
  const ascending = await visibleInstanceIds(page);

  // Keyboard works too: Enter on the focused header button reverses the order.
  await sortButton.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => isSorted(await visibleInstanceIds(page), 'desc')).toBe(true);
  const descending = await visibleInstanceIds(page);
  expect(descending[0]).not.toBe(ascending[0]);
  expect(descending[0]! > ascending[0]!).toBe(true);
});

test('keyboard: / focuses the filter, arrows and Home/End move the selected row', async ({ page }) => {
  const grid = await openFleet(page);
  const scroller = page.getByRole('grid');

  await page.locator('body').press('/');
  await expect(page.getByTestId('fleet-filter')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(scroller).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('ArrowDown');
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '3');

  await page.keyboard.press('End');
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toHaveAttribute('aria-rowindex', String(FLEET_SIZE + 1));
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toBeInViewport();

  await page.keyboard.press('Home');
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '2');
  await expect(grid.locator('[data-testid=fleet-row][aria-selected=true]')).toBeInViewport();
});

test('scrolling far down loads the rows of that window', async ({ page }) => {
  const grid = await openFleet(page);

  // Row 1000 lies in the sixth window of 200 rows, never fetched until it comes into view.
  await page.getByRole('grid').evaluate((el) => {
    el.scrollTop = 28 * 1000;
  });
  await expect(grid.locator('[data-testid=fleet-row][aria-rowindex="1002"]')).toBeInViewport();
  await expect(grid.getByTestId('fleet-row-skeleton')).toHaveCount(0);
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
});

test('a scrolled grid shows its rows again after another screen was in front, and a new filter starts at the top', async ({ page }) => {
  const grid = await openFleet(page);
  const scroller = page.getByRole('grid');
  await scroller.evaluate((el) => {
    el.scrollTop = 28 * 1000;
  });
  await expect(grid.locator('[data-testid=fleet-row][aria-rowindex="1002"]')).toBeInViewport();

  // While another screen is in front the grid is display: none; coming back must not leave it blank.
  await page.getByTestId('nav-audit').click();
  await expect(grid).toBeHidden();
  await page.getByTestId('nav-fleet').click();
  await expect(grid.locator('[data-testid=fleet-row][aria-rowindex="1002"]')).toBeInViewport();
  await expect(grid.getByTestId('fleet-row-skeleton')).toHaveCount(0);

  await filterTo(page, grid, 'web');
  await expect(grid.locator('[data-testid=fleet-row][aria-rowindex="2"]')).toBeInViewport();
  expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
});

test('Japanese: the toggle translates the grid and the choice survives a reload', async ({ page }) => {
  await openFleet(page, { theme: 'light' });

  await page.getByTestId('language-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('columnheader', { name: /Ping ステータス/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /インスタンス ID/ })).toBeVisible();
  await expect(page.getByTestId('fleet-count')).toHaveText('1,500 ノード');
  await expect(page.getByTestId('training-badge').first()).toHaveText('トレーニング');
  await page.screenshot({ path: join(SCREENS, 'fleet-light-ja.png') });

  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Ping ステータス/ })).toBeVisible();

  // Main refuses a bad filter term; the operator reads why and what to do in Japanese, with the field they typed.
  const grid = page.getByTestId('fleet-grid');
  await page.getByTestId('fleet-filter').fill('ping:offline bogus:x');
  const error = page.getByTestId('fleet-filter-error');
  await expect(error.locator('.filter__error-text')).toHaveText('絞り込みの項目「bogus」はありません。使える項目：name, id, ping, platform, agent, ip, account, region, tag, app, product');
  await expect(error.locator('.filter__error-hint')).toHaveText('「:」を含む語句を検索するには、"引用符" で囲んでください。');
  await expect(page.getByTestId('fleet-filter')).toHaveAttribute('aria-invalid', 'true');
  await expect(grid).toHaveAttribute('data-filter-applied', '');
  await page.screenshot({ path: join(SCREENS, 'fleet-filter-error-light-ja.png') });

  // The same refusal follows the language when the operator switches back.
  await page.getByTestId('language-toggle').click();
  await expect(error.locator('.filter__error-text')).toHaveText(/^Unknown filter field 'bogus'\. Use one of: name, id/);
});

test('light theme: the toggle switches themes and the choice survives a reload', async ({ page }) => {
  await openFleet(page, { theme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(SCREENS, 'fleet-light.png') });

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the filter syntax help lists the fields and its examples apply a filter', async ({ page }) => {
  const grid = await openFleet(page);

  await page.getByRole('button', { name: 'Filter syntax' }).click();
  const help = page.getByRole('dialog', { name: 'Filter syntax' });
  for (const field of ['name:', 'id:', 'ping:', 'platform:', 'agent:', 'ip:', 'account:', 'region:', 'tag:Key=Value', 'app:', 'app:"name@version"', 'product:', '-term']) {
    await expect(help.getByText(field, { exact: true })).toBeVisible();
  }
  await page.screenshot({ path: join(SCREENS, 'fleet-filter-help-dark.png') });

  await help.getByRole('button', { name: 'platform:windows -ping:online' }).click();
  await expect(help).toHaveCount(0);
  await expect(grid).toHaveAttribute('data-filter-applied', 'platform:windows -ping:online');
  await expect(grid.locator('.ping--online')).toHaveCount(0);
});


/** Calls the page's bridge (the same one the screens use) and unwraps its answer. */
async function callBridge<T>(page: Page, call: (api: BridgeApi) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await page.evaluate(`(${call.toString()})(window.capstan)`);
  const answer = result as { ok: boolean; value?: T; error?: unknown };
  if (!answer.ok) throw new Error(`bridge call failed: ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

test('app: and product: filter the grid by inventory, counting what the inventory counts', async ({ page }) => {
  const grid = await openFleet(page);
  // Core syncs the training fleet's inventory on start: wait until it is stored.
  await expect
    .poll(
      async () =>
        (await callBridge<{ workspaces: Array<{ lastSyncedAt: number | null }> }>(page, (api) => api.inventory.getStatus({ workspaceIds: ['training'] })))
          .workspaces[0]?.lastSyncedAt ?? null,
      { timeout: 120_000 },
    )
    .not.toBeNull();
  const share = await callBridge<{ slices: Array<{ product: string; nodeCount: number }> }>(page, (api) =>
    api.inventory.getVersionShare({ workspaceIds: ['training'], family: 'Java' }),
  );
  const java8 = share.slices.find((slice) => slice.product === 'Java 8')?.nodeCount ?? 0;
  expect(java8).toBeGreaterThan(0);

  await filterTo(page, grid, 'product:"Java 8"');
  await expect(grid).toHaveAttribute('data-total', String(java8));
  await expect(page.getByTestId('fleet-count')).toHaveText(`${java8.toLocaleString('en')} of 1,500 nodes match`);
  await page.screenshot({ path: join(SCREENS, 'fleet-filter-product-dark.png') });

  await filterTo(page, grid, '-product:"Java 8"');
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE - java8));

  // "Show in fleet grid" from a search group: exactly that name at that version.
  const search = await callBridge<{ groups: Array<{ typeName: string; name: string; version: string; nodeCount: number }> }>(page, (api) =>
    api.inventory.searchEntries({ workspaceIds: ['training'], keyword: 'openjdk', typeNames: ['AWS:Application'] }),
  );
  const group = search.groups.find((g) => g.version !== '' && !g.name.includes('"'));
  expect(group).toBeDefined();
  await filterTo(page, grid, `app:"${group!.name}@${group!.version}"`);
  await expect(grid).toHaveAttribute('data-total', String(group!.nodeCount));
});
