import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { InventoryNodesPage, InventorySyncProgress } from '../../preload/contract/inventory';
import type { LicenceList } from '../../preload/contract/licences';
import { startTestHost, type TestHost } from '../helpers/test-host';

// The Licences screen in Chromium against the real router, store, inventory sync, licence file and
// training fleet. Numbers on screen are checked against what the core answers; waits are on the DOM.

const FLEET_SIZE = 400;
// Another run of Playwright empties test-results; CAPSTAN_SCREENS_DIR keeps the screenshots elsewhere.
const SCREENS = process.env.CAPSTAN_SCREENS_DIR ?? join('test-results', 'screens');
const caller = { trusted: true, label: 'licences spec' };

let host: TestHost | null = null;
let dataDir: string | null = null;

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));
test.afterEach(async () => {
  await host?.close();
  host = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function core<T>(channel: string, request: unknown): Promise<T> {
  const result = (await (host as TestHost).core.router.handle(channel, caller, request)) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Opens the Licences screen and waits until the first inventory sync has been counted in. */
async function openLicences(page: Page, theme: 'dark' | 'light', language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.addInitScript(
    ([t, l]) => {
      localStorage.setItem('capstan.theme', t!);
      localStorage.setItem('capstan.language', l!);
    },
    [theme, language],
  );
  await page.goto((host as TestHost).url);
  await page.getByTestId('nav-licences').click();
  await expect(page.getByTestId('licences-screen')).toBeVisible();
}

/** Starts (or joins) an inventory sync of the selected workspace and waits for its end event. */
async function syncInventory(): Promise<string> {
  const workspaceId = (await core<{ selectedId: string }>('workspaces:list-workspaces', {})).selectedId;
  const seen: InventorySyncProgress[] = [];
  let wake = (): void => {};
  const unsubscribe = (host as TestHost).core.router.subscribe((channel, payload) => {
    if (channel !== 'inventory:sync-progressed') return;
    seen.push(payload as InventorySyncProgress);
    wake();
  });
  try {
    const started = await core<InventorySyncProgress>('inventory:start-sync', { workspaceId });
    for (;;) {
      const end = seen.find((p) => p.operationId === started.operationId && ['succeeded', 'failed', 'cancelled'].includes(p.phase));
      if (end) {
        expect(end.error, 'the inventory sync behind the used counts failed').toBeNull();
        expect(end.phase).toBe('succeeded');
        return workspaceId;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    unsubscribe();
  }
}

function row(page: Page, product: string) {
  return page.locator(`[data-testid="licence-row"][data-product="${product}"]`);
}

const importCsv = [
  'product,owned,match_kind,match,publisher,note',
  'Corretto,10,name,corretto,,"Amazon Corretto',
  'support contract"',
  'Java 11,-2',
  'Java 17,40,,,,"=HYPERLINK(""http://example.invalid"")"',
  'Java 8,oops',
].join('\r\n');

test('Java 8 owned 5 is over-used in red; a CSV import reports its bad lines; the used count lists the nodes', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  const workspaceId = await syncInventory();
  await openLicences(page, 'dark');
  await expect(page.getByTestId('licences-empty')).toContainText('No licences recorded yet');
  await expect(page.getByTestId('licences-inventory-note')).toContainText('Inventory synced');
  await page.screenshot({ path: join(SCREENS, 'licences-empty-dark.png') });

  // Add: a half-typed owned count is refused next to the field and kept for fixing.
  await page.getByTestId('licence-add').click();
  const form = page.getByTestId('licence-form');
  await form.getByTestId('licence-form-product-picker').selectOption('Java 8');
  await expect(form.getByLabel('Product (your name for it)')).toHaveValue('Java 8');
  const owned = form.getByLabel('Owned');
  await owned.fill('5x');
  await form.getByTestId('licence-save').click();
  await expect(form.getByRole('alert')).toHaveText('Enter a whole number, digits only (e.g. 250).');
  await expect(owned).toHaveValue('5x');
  await expect(owned).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: join(SCREENS, 'licences-form-error-dark.png') });
  await owned.fill('5');
  await form.getByTestId('licence-save').click();
  await expect(form).toBeHidden();

  const list = await core<LicenceList>('licences:list-licences', { workspaceIds: [workspaceId] });
  const java8 = list.licences.find((l) => l.product === 'Java 8');
  expect(java8?.used).toBeGreaterThan(5);
  const used = java8?.used ?? 0;
  const java8Row = row(page, 'Java 8');
  await expect(java8Row.getByTestId('licence-used')).toHaveText(used.toLocaleString('en'));
  const difference = java8Row.getByTestId('licence-difference');
  await expect(difference).toHaveAttribute('data-state', 'over');
  await expect(difference).toHaveText(`${(used - 5).toLocaleString('en')} over`);
  expect(await difference.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 123, 114)');
  await expect(page.getByTestId('licences-over-count')).toHaveText('1 licence over-used');

  // Import: the good rows land, each bad line is listed with its number (after a two-line note).
  await page.getByTestId('licence-import-file').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${importCsv}`) });
  const result = page.getByTestId('licence-import-result');
  await expect(result.getByTestId('licence-import-summary')).toHaveText('4 rows: 2 added, 0 updated, 2 rejected.');
  const rejected = result.getByTestId('licence-import-rejected-row');
  await expect(rejected).toHaveCount(2);
  await expect(rejected.nth(0)).toHaveAttribute('data-line', '4');
  await expect(rejected.nth(0)).toContainText('Owned -2 is negative');
  await expect(rejected.nth(1)).toHaveAttribute('data-line', '6');
  await expect(rejected.nth(1)).toContainText('Owned “oops” is not a whole number');
  await expect(row(page, 'Corretto')).toContainText('Name contains “corretto”');
  await expect(row(page, 'Java 17')).toBeVisible();
  await expect(row(page, 'Java 11')).toHaveCount(0);

  // The nodes behind the used count, as the core lists them.
  await java8Row.getByTestId('licence-used').click();
  const panel = page.getByTestId('licence-nodes');
  await expect(panel).toHaveAttribute('data-total', String(used));
  const expected = await core<InventoryNodesPage>('licences:list-nodes', { id: java8?.id, workspaceIds: [workspaceId], limit: 200 });
  await expect(panel.getByTestId('licence-node')).toHaveCount(Math.min(used, 200));
  await expect(panel.getByTestId('licence-node').first()).toContainText(expected.nodes[0]?.instanceId ?? 'missing');
  await page.screenshot({ path: join(SCREENS, 'licences-over-use-dark.png') });

  // Export: operator text that a spreadsheet would run as a formula is written as text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('licence-export').click()]);
  const exported = readFileSync((await download.path()) ?? '', 'utf8');
  expect(exported.startsWith('\ufeffproduct,owned,used,difference,match_kind,match,publisher,note\r\n')).toBe(true);
  expect(exported).toContain(`Java 8,5,${used},${5 - used},product,Java 8,,\r\n`);
  expect(exported).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);

  await panel.getByTestId('licence-show-in-fleet').click();
  await expect(page.getByTestId('fleet-filter')).toHaveValue('product:"Java 8"');
});

test('light theme and Japanese: the table, a whole-file refusal, delete with confirm', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  await syncInventory();
  await core('licences:save-licence', { licence: { product: 'Java 8', owned: 5000, match: { kind: 'product', product: 'Java 8' }, note: 'Oracle Java SE サブスクリプション' } });
  await core('licences:save-licence', { licence: { product: 'SQL Server', owned: 1, match: { kind: 'name', name: 'SQL Server', publisher: 'Microsoft' }, note: '' } });
  await openLicences(page, 'light', 'ja');
  await expect(page.getByTestId('licences-inventory-note')).toContainText('インベントリの同期');
  await expect(row(page, 'Java 8').getByTestId('licence-difference')).toHaveAttribute('data-state', 'under');

  await page.getByTestId('licence-import-file').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('Java 8,5\nJava 11,3\n') });
  await expect(page.getByTestId('licence-import-result')).toContainText('1 行目はヘッダー');
  await row(page, 'SQL Server').getByTestId('licence-used').click();
  await expect(page.getByTestId('licence-nodes')).toContainText('SQL Server として数えたノード');
  await expect(page.getByTestId('licence-node').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'licences-light-ja.png') });

  await row(page, 'SQL Server').getByTestId('licence-delete').click();
  await expect(row(page, 'SQL Server')).toContainText('SQL Server を削除しますか?');
  await row(page, 'SQL Server').getByTestId('licence-delete-confirm').click();
  await expect(row(page, 'SQL Server')).toHaveCount(0);
  await expect(row(page, 'Java 8')).toBeVisible();
});

test('a corrupt licence file is set aside, never emptied, and the operator is told where it went', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-licences-'));
  writeFileSync(join(dataDir, 'licences.json'), '{"format":"capstan.licences","licences":[{"product":"Java 8"');
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7, userDataDir: dataDir });
  await openLicences(page, 'dark');
  const banner = page.getByTestId('licences-recovery');
  await expect(banner).toContainText('could not be read');
  await expect(banner).toContainText('licences.json.corrupt-');
  const movedTo = (await banner.locator('code').textContent()) ?? '';
  expect(readFileSync(movedTo, 'utf8')).toContain('"product":"Java 8"');
  await page.screenshot({ path: join(SCREENS, 'licences-recovered-dark.png') });
});

/** Starts an inventory sync and cancels it at once; resolves with the phase it ended in. */
async function cancelledSync(workspaceId: string): Promise<string> {
  let resolveEnd = (_phase: string): void => {};
  const ended = new Promise<string>((resolve) => {
    resolveEnd = resolve;
  });
  const unsubscribe = (host as TestHost).core.router.subscribe((channel, payload) => {
    const progress = payload as InventorySyncProgress;
    if (channel === 'inventory:sync-progressed' && ['succeeded', 'failed', 'cancelled'].includes(progress.phase)) resolveEnd(progress.phase);
  });
  try {
    await core('inventory:start-sync', { workspaceId });
    await core('inventory:cancel-sync', { workspaceId });
    return await ended;
  } finally {
    unsubscribe();
  }
}

test('bad records, a failed refresh, Escape and a failed delete never cost the operator their work', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-licences-'));
  const file = join(dataDir, 'licences.json');
  const record = (id: string, product: string, owned: number) => ({ id, product, owned, match: { kind: 'product', product: 'Java 8' }, note: '', updatedAt: 1 });
  writeFileSync(
    file,
    JSON.stringify({
      format: 'capstan.licences',
      version: 1,
      savedAt: 1,
      licences: [record('lic-00000000-java8', 'Java 8', 5), record('lic-00000000-broken', 'Broken', 2.5), record('lic-00000000-other', 'Other', 3)],
    }),
  );
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7, userDataDir: dataDir });
  await openLicences(page, 'dark');

  // The readable records stay; the banner says how many were skipped and why.
  const recovery = page.getByTestId('licences-recovery');
  await expect(recovery).toContainText('1 licence record in the file could not be read and was skipped; the other 2 were kept.');
  await expect(recovery.getByTestId('licences-recovery-skipped')).toContainText('Record 2 (Broken): owned:');
  await expect(row(page, 'Java 8')).toBeVisible();
  await expect(row(page, 'Other')).toBeVisible();

  // The inventory note follows sync progress: opened before the first sync ends, it updates when it does.
  const workspaceId = await syncInventory();
  await expect(page.getByTestId('licences-inventory-note')).toContainText('Inventory synced');
  const counted = await core<LicenceList>('licences:list-licences', { workspaceIds: [workspaceId] });
  const java8Used = counted.licences.find((l) => l.product === 'Java 8')?.used ?? 0;
  expect(java8Used).toBeGreaterThan(0);
  await expect(row(page, 'Java 8').getByTestId('licence-used')).toHaveText(java8Used.toLocaleString('en'));
  await page.screenshot({ path: join(SCREENS, 'licences-records-skipped-dark.png') });

  // Escape with nothing changed closes the form; with a change it asks first.
  await row(page, 'Java 8').getByTestId('licence-edit').click();
  const form = page.getByTestId('licence-form');
  await form.getByLabel('Owned').press('Escape');
  await expect(form).toBeHidden();
  await row(page, 'Java 8').getByTestId('licence-edit').click();
  await form.getByLabel('Owned').fill('7');
  await form.getByLabel('Owned').press('Escape');
  await expect(form.getByTestId('licence-discard-ask')).toContainText('Discard your changes?');
  await page.screenshot({ path: join(SCREENS, 'licences-discard-ask-dark.png') });
  await form.getByTestId('licence-keep-editing').click();
  await expect(form.getByTestId('licence-discard-ask')).toBeHidden();
  await expect(form.getByLabel('Owned')).toHaveValue('7');

  // A field's message is the one its aria-describedby names.
  const picker = form.getByTestId('licence-form-product-picker');
  await picker.selectOption('');
  await form.getByTestId('licence-save').click();
  const describedBy = (await picker.getAttribute('aria-describedby')) ?? 'none';
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText('Choose the product whose nodes are counted.');
  await picker.selectOption('Java 8');

  // A refresh that fails (after a cancelled sync, which recounts too) leaves the table and the form.
  await page.evaluate(() => {
    const licences = (window as unknown as { capstan: { licences: { listLicences: unknown } } }).capstan.licences;
    licences.listLicences = () =>
      Promise.resolve({ ok: false, error: { code: 'StoreBusy', message: 'The cache is busy.', kind: 'store', retryable: true } });
  });
  expect(await cancelledSync(workspaceId)).toBe('cancelled');
  const failed = page.getByTestId('licences-error');
  await expect(failed).toContainText('The licences could not be refreshed');
  await expect(failed).toContainText('StoreBusy');
  await expect(form.getByLabel('Owned')).toHaveValue('7');
  await expect(row(page, 'Other')).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'licences-refresh-failed-dark.png') });
  await form.getByTestId('licence-cancel').click();
  await expect(form).toBeHidden();

  // A delete that cannot be saved says so under its row, with the code, and the row stays.
  rmSync(file);
  mkdirSync(join(file, 'inside'), { recursive: true });
  await row(page, 'Other').getByTestId('licence-delete').click();
  await row(page, 'Other').getByTestId('licence-delete-confirm').click();
  const deleteFailed = page.getByTestId('licence-delete-failed');
  await expect(deleteFailed).toContainText('Other was not deleted.');
  await expect(deleteFailed).toContainText('LicenceFileNotSaved');
  await expect(row(page, 'Other')).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'licences-delete-failed-dark.png') });
});
