import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import type { BridgeApi } from '../../preload/contract/bridge-api';
import { TRAINING_SSO_START_URL } from '../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../main/simulator/server';
import type { RunningSimulator } from '../../main/simulator/server';
import { startTestHost } from '../helpers/test-host';
import type { TestHost } from '../helpers/test-host';

// Several accounts and regions in one grid (issue 6): the training fleet offers two accounts × two
// regions. Every wait is on the DOM or on main's answers (expect.poll), never a fixed sleep.

const FLEET_SIZE = 400;
const SCREENS = join('test-results', 'screens');
const OPERATIONS = 'Training — Operations';
const PAYMENTS = 'Training — Payments';

let host: TestHost | null = null;
let dataDir: string | null = null;
let company: RunningSimulator | null = null;
// Restored after each test: startWithProfiles points the SDK's file readers at the test's folder.
const SDK_ENV = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;
const realEnv = Object.fromEntries(SDK_ENV.map((key) => [key, process.env[key]]));

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));
test.afterEach(async () => {
  await host?.close();
  host = null;
  await company?.close();
  company = null;
  for (const key of SDK_ENV) {
    if (realEnv[key] === undefined) delete process.env[key];
    else process.env[key] = realEnv[key];
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/**
 * A test host whose AWS config holds these profiles (and nothing from this machine). The SDK's own
 * readers use this process's environment, so it points there too, as the app's would.
 */
async function startWithProfiles(seed: number, config: string, credentials = '', extra: NodeJS.ProcessEnv = {}): Promise<TestHost> {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-accounts-'));
  const env = { HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials') };
  Object.assign(process.env, env);
  writeFileSync(env.AWS_CONFIG_FILE, config);
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, credentials);
  host = await startTestHost({ nodes: FLEET_SIZE, seed, userDataDir: dataDir, env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', ...extra } });
  return host;
}

/** Calls the page's bridge (the one the screens use) with a JSON argument and unwraps its answer. */
async function callBridge<T, A = null>(
  page: Page,
  call: (api: BridgeApi, arg: A) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>,
  arg: A = null as A,
): Promise<T> {
  const answer = (await page.evaluate(`(${call.toString()})(window.capstan, ${JSON.stringify(arg)})`)) as { ok: boolean; value?: T; error?: unknown };
  if (!answer.ok) throw new Error(`bridge call failed: ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

async function open(page: Page, theme: 'dark' | 'light' = 'dark'): Promise<Locator> {
  await page.addInitScript((t) => {
    localStorage.setItem('capstan.theme', t);
    localStorage.setItem('capstan.language', 'en');
    localStorage.removeItem('capstan.fleet.columnWidths.v1');
  }, theme);
  await page.goto((host as TestHost).url);
  return page.getByTestId('fleet-grid');
}

/** Row cells of one column (1-based), in row order, for the rows painted now. */
async function columnValues(grid: Locator, column: number, attribute?: string): Promise<string[]> {
  return grid.getByTestId('fleet-row').evaluateAll(
    (rows, [col, attr]) =>
      rows
        .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), cell: row.children[(col as number) - 1] as HTMLElement | undefined }))
        .sort((a, b) => a.index - b.index)
        .map(({ cell }) => (attr ? (cell?.getAttribute(attr as string) ?? '') : (cell?.textContent ?? ''))),
    [column, attribute] as const,
  );
}

const ACCOUNT_COLUMN = 8;
const REGION_COLUMN = 9;

test('two training accounts × two regions in one grid: Account and Region columns, sort by account, a filter across them', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 31 });
  const grid = await open(page);
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
  await expect(page.getByTestId('workspace-summary')).toHaveText(`${OPERATIONS} · eu-west-1`);

  // Watch all four from the picker: grouped by account, each region a box to tick.
  await page.getByTestId('workspace-picker').click();
  const panel = page.getByTestId('workspace-panel');
  await expect(panel.getByRole('group')).toHaveCount(2);
  await expect(panel.getByRole('group', { name: `Account ${OPERATIONS}` }).getByTestId('workspace-option')).toHaveCount(2);
  await panel.getByRole('checkbox', { name: `Watch ${OPERATIONS} · us-east-1` }).check();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('workspace-picker')).toBeFocused();
  await expect(page.getByTestId('workspace-summary')).toHaveText('2 workspaces · 1 account · 2 regions');

  // The keyboard alone: ↓ opens the panel in its search box, the text narrows it, ↓ and Space tick, Esc closes.
  await page.getByTestId('workspace-picker').press('ArrowDown');
  await expect(page.getByTestId('workspace-search')).toBeFocused();
  await page.keyboard.type('payments');
  await expect(panel.getByTestId('workspace-option')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('checkbox', { name: `Watch ${PAYMENTS} · eu-west-1` })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('checkbox', { name: `Watch ${PAYMENTS} · us-east-1` })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(panel.getByRole('checkbox', { name: `Watch ${PAYMENTS} · us-east-1` })).toBeChecked();
  await page.screenshot({ path: join(SCREENS, 'accounts-picker-dark.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('workspace-summary')).toHaveText('4 workspaces · 2 accounts · 2 regions');

  // The grid counts what main counts for the four, once all four have synced.
  const ids = (await callBridge<{ watchedIds: string[] }>(page, (api) => api.workspaces.listWorkspaces({}))).watchedIds;
  expect(ids).toHaveLength(4);
  let total = 0;
  await expect
    .poll(
      async () => {
        const summary = await callBridge<{ total: number; syncs: Array<{ phase: string }> }, string[]>(page, (api, workspaceIds) => api.fleet.getSummary({ workspaceIds }), ids);
        total = summary.total;
        return summary.syncs.every((s) => s.phase === 'succeeded') && summary.total > FLEET_SIZE;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(grid).toHaveAttribute('data-total', String(total));
  await expect(page.getByTestId('fleet-count')).toHaveText(`${total.toLocaleString('en')} nodes`);
  await expect(page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Region' })).toBeVisible();
  await page.getByRole('grid').focus();
  await page.screenshot({ path: 'docs/screenshot-accounts.png' });

  // Refresh reads all four again: each workspace's sync starts anew and ends.
  const before = await callBridge<{ syncs: Array<{ startedAt: number | null }> }, string[]>(page, (api, workspaceIds) => api.fleet.getSummary({ workspaceIds }), ids);
  await page.getByTestId('fleet-refresh').click();
  await expect
    .poll(
      async () => {
        const after = await callBridge<{ syncs: Array<{ phase: string; startedAt: number | null }> }, string[]>(page, (api, workspaceIds) => api.fleet.getSummary({ workspaceIds }), ids);
        return after.syncs.every((s, i) => s.phase === 'succeeded' && (s.startedAt ?? 0) > (before.syncs[i]?.startedAt ?? 0));
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(page.getByTestId('last-synced')).toHaveText('Last synced now (oldest of 4)');

  // Sort by account: the Operations account (111122223333) first, then reversed.
  const accountHeader = page.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Account', exact: true }) });
  await page.getByRole('button', { name: 'Account', exact: true }).click();
  await expect(accountHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await columnValues(grid, ACCOUNT_COLUMN)).slice(0, 5)).toEqual(Array(5).fill(OPERATIONS));
  const ascending = await columnValues(grid, ACCOUNT_COLUMN, 'data-account-id');
  expect([...ascending].sort()).toEqual(ascending);
  await page.getByRole('button', { name: 'Account', exact: true }).press('Enter');
  await expect(accountHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await columnValues(grid, ACCOUNT_COLUMN)).slice(0, 5)).toEqual(Array(5).fill(PAYMENTS));
  await expect(grid.getByTestId('fleet-row').first().getByRole('gridcell').nth(ACCOUNT_COLUMN - 1)).toHaveAttribute('title', '444455556666');

  // A filter narrows all four at once: us-east-1 only, from both accounts.
  await page.getByTestId('fleet-filter').fill('region:us-east-1');
  await expect(grid).toHaveAttribute('data-filter-applied', 'region:us-east-1');
  const expected = await callBridge<{ total: number }, string[]>(
    page,
    (api, workspaceIds) => api.fleet.listNodes({ workspaceIds, filter: 'region:us-east-1', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1 }),
    ids,
  );
  expect(expected.total).toBeGreaterThan(0);
  expect(expected.total).toBeLessThan(total);
  await expect(grid).toHaveAttribute('data-total', String(expected.total));
  await expect(page.getByTestId('fleet-count')).toHaveText(`${expected.total.toLocaleString('en')} of ${total.toLocaleString('en')} nodes match`);
  expect(new Set(await columnValues(grid, REGION_COLUMN))).toEqual(new Set(['us-east-1']));
  // Both accounts are in the filtered set: descending starts with Payments, ascending with Operations.
  await expect.poll(async () => (await columnValues(grid, ACCOUNT_COLUMN))[0]).toBe(PAYMENTS);
  await page.getByRole('button', { name: 'Account', exact: true }).click();
  await expect(accountHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await columnValues(grid, ACCOUNT_COLUMN))[0]).toBe(OPERATIONS);
  await page.screenshot({ path: join(SCREENS, 'accounts-filtered-dark.png') });

  // "Run command" on a node of another watched workspace makes that workspace the default first:
  // Run Command then looks the node up where it lives.
  const row = grid.getByTestId('fleet-row').first();
  const instanceId = (await row.getAttribute('data-instance-id')) ?? '';
  await row.click({ button: 'right' });
  await page.getByTestId('node-run-command').click();
  await expect(page.getByTestId('command-target-preset')).toContainText(instanceId);
  const selected = await callBridge<{ selectedId: string }>(page, (api) => api.workspaces.listWorkspaces({}));
  expect(selected.selectedId).toBe('training:111122223333@us-east-1');
});

test('a workspace whose profile cannot give credentials is named with the cause and a fix, and the others keep their rows', async ({ page }) => {
  await startWithProfiles(32, '[profile ghost-ops]\nregion = eu-north-1\nsource_profile = missing-source\nrole_arn = arn:aws:iam::123456789012:role/Ops\n', '', { AWS_PROFILE: 'ghost-ops' });
  const grid = await open(page, 'light');

  const strip = page.getByTestId('workspace-strip');
  const item = strip.getByTestId('workspace-strip-item').filter({ hasText: 'ghost-ops' });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item.getByTestId('workspace-state')).toHaveText('Misconfigured');
  await expect(item).toContainText(/missing-source/);
  await expect(page.getByTestId('workspace-warnings')).toHaveAttribute('title', /^1 needs attention/);

  // Watch the training fleet too, then make it the default: its rows fill the grid while ghost-ops stays named.
  await page.getByTestId('workspace-picker').click();
  await page.getByRole('checkbox', { name: `Watch ${OPERATIONS} · eu-west-1` }).check();
  await page.getByRole('button', { name: `Default for commands: ${OPERATIONS} · eu-west-1` }).click();
  await expect(page.getByRole('button', { name: `Default for commands: ${OPERATIONS} · eu-west-1` })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE), { timeout: 30_000 });
  await expect(item).toBeVisible();
  await expect(page.getByTestId('caller-identity')).toContainText('arn:aws:iam::111122223333:user/training-operator');
  await page.screenshot({ path: join(SCREENS, 'accounts-strip-light.png') });

  // No longer the default, ghost-ops can be put aside; the training rows stay.
  await item.getByRole('button', { name: 'Stop watching' }).click();
  await expect(strip).toHaveCount(0);
  await expect(page.getByTestId('workspace-summary')).toHaveText(`${OPERATIONS} · eu-west-1`);
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
});

test('a role that needs MFA asks for the code in a dialog; Esc cancels, Sign in asks again, a wrong code is asked again with the reason, the right one adds its nodes', async ({ page }) => {
  // A second simulator stands in for the company's AWS, reached through a profile's endpoint_url.
  company = await startSimulator({ nodes: 40, seed: 33 });
  const account = company.accounts[0]!;
  const serial = `arn:aws:iam::${account.accountId}:mfa/training-operator`;
  await startWithProfiles(
    34,
    `[profile keys]\nregion = eu-west-1\nendpoint_url = ${company.endpoint}\n\n` +
      `[profile ops-mfa]\nregion = eu-west-1\nrole_arn = arn:aws:iam::${account.accountId}:role/CapstanOperator\nsource_profile = keys\nmfa_serial = ${serial}\nendpoint_url = ${company.endpoint}\n`,
    `[keys]\naws_access_key_id = ${account.credentials.accessKeyId}\naws_secret_access_key = ${account.credentials.secretAccessKey}\n`,
  );
  const grid = await open(page);
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE), { timeout: 30_000 });

  // Watching the profile makes main assume its role: the code is asked for, naming profile and device.
  await page.getByTestId('workspace-picker').click();
  const option = page.getByTestId('workspace-option').filter({ hasText: 'eu-west-1' }).filter({ has: page.getByTestId('credential-mfa') });
  await expect(option.getByTestId('credential-role')).toHaveText('Role');
  await page.getByRole('checkbox', { name: 'Watch ops-mfa · eu-west-1' }).check();
  // The prompt comes up over the open picker at once (it takes the focus, so no Escape before it).
  const dialog = page.getByRole('dialog', { name: 'MFA code for ops-mfa' });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toContainText(serial);
  const code = dialog.getByTestId('mfa-code');
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill('12a');
  await expect(dialog.getByTestId('mfa-code-problem')).toHaveText('Digits only: an MFA code has no letters or symbols.');
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await code.fill('1234');
  await code.press('Enter');
  await expect(dialog.getByTestId('mfa-code-problem')).toHaveText('An MFA code has 6 digits.');
  await page.screenshot({ path: join(SCREENS, 'accounts-mfa-dark.png') });

  // Esc cancels: main is told (no code given), the strip says so and Sign in asks again.
  await code.press('Escape');
  await expect(dialog).toHaveCount(0);
  // The picker the prompt came up over is closed with its own button.
  const picker = page.getByRole('dialog', { name: 'Workspaces' });
  if (await picker.isVisible()) await page.getByTestId('workspace-picker').click();
  await expect(picker).toHaveCount(0);
  const item = page.getByTestId('workspace-strip-item').filter({ hasText: 'ops-mfa · eu-west-1' });
  await expect(item.getByTestId('workspace-state')).toHaveText('Sign-in needed', { timeout: 30_000 });
  await expect(item).toContainText('No MFA code was given');
  await item.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeVisible({ timeout: 30_000 });

  // A code AWS refuses: the prompt comes back saying why (as the AWS CLI asks again), and the right one works.
  const wrong = company.identity.mfaCode(serial) === '000000' ? '111111' : '000000';
  await code.fill(wrong);
  await code.press('Enter');
  await expect(dialog).toContainText('The previous code was refused', { timeout: 30_000 });
  await expect(dialog).toContainText(/MFA code/);
  // The training rows never left.
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE));
  await dialog.getByTestId('mfa-code').fill(company.identity.mfaCode(serial));
  await dialog.getByTestId('mfa-code').press('Enter');
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('workspace-strip')).toHaveCount(0, { timeout: 30_000 });
  // The role's fleet (the company simulator's 40 nodes) joins the grid beside the training fleet.
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE + 40), { timeout: 30_000 });
  await page.getByTestId('workspace-picker').click();
  await expect(page.getByTestId('workspace-option').filter({ hasText: 'eu-west-1' }).filter({ has: page.getByTestId('credential-mfa') }).getByTestId('workspace-state')).toHaveText('OK');
});

test('an SSO profile signs in through the device flow: the code to check, the page opened, a countdown, Cancel, then its nodes', async ({ page }) => {
  company = await startSimulator({ nodes: 40, seed: 35 });
  const payments = company.accounts[1]!;
  const sso = await startWithProfiles(
    36,
    `[profile prod-sso]\nsso_session = training\nsso_account_id = ${payments.accountId}\nsso_role_name = ReadOnly\nregion = us-east-1\nendpoint_url = ${company.endpoint}\n\n` +
      `[sso-session training]\nsso_start_url = ${TRAINING_SSO_START_URL}\nsso_region = us-east-1\n`,
  );
  const grid = await open(page, 'light');
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE), { timeout: 30_000 });

  await page.getByTestId('workspace-picker').click();
  await expect(page.getByTestId('workspace-option').filter({ hasText: 'us-east-1' }).getByTestId('credential-sso')).toHaveText('SSO');
  await page.getByRole('checkbox', { name: 'Watch prod-sso · us-east-1' }).check();
  await page.keyboard.press('Escape');
  // No token yet: the strip says so and offers Sign in.
  const item = page.getByTestId('workspace-strip-item').filter({ hasText: 'prod-sso · us-east-1' });
  await expect(item.getByTestId('workspace-state')).toHaveText('Sign-in needed', { timeout: 30_000 });
  await item.getByRole('button', { name: 'Sign in' }).click();

  const dialog = page.getByRole('dialog', { name: 'Sign in to prod-sso' });
  await expect(dialog.getByTestId('sign-in-code')).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/, { timeout: 30_000 });
  const userCode = (await dialog.getByTestId('sign-in-code').textContent()) ?? '';
  expect(company.identity.pendingDeviceCodes()).toContain(userCode);
  await expect(dialog).toContainText('Your browser opened the sign-in page; check the code matches');
  await expect(dialog.getByTestId('sign-in-countdown')).toHaveText(/^Code valid for (10:00|9:[0-5]\d)$/);
  await expect.poll(() => sso.openedExternally.length).toBe(1);
  await dialog.getByRole('button', { name: 'Open the page again' }).click();
  await expect.poll(() => sso.openedExternally.length).toBe(2);
  expect(sso.openedExternally[1]).toContain(userCode);
  await page.screenshot({ path: join(SCREENS, 'accounts-sso-light.png') });

  // Cancel stops the sign-in; Sign in starts a new one with a new code.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(item.getByTestId('workspace-state')).toHaveText('Sign-in needed', { timeout: 30_000 });
  await item.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByTestId('sign-in-code')).not.toHaveText(userCode, { timeout: 30_000 });
  const secondCode = (await dialog.getByTestId('sign-in-code').textContent()) ?? '';

  // Approved in the browser: the dialog closes with a notice, the token is cached where the CLI keeps it, the nodes come.
  company.identity.approveDevice(secondCode);
  await expect(page.getByTestId('sign-in-notice')).toHaveText(/Signed in to prod-sso\./, { timeout: 30_000 });
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('workspace-strip')).toHaveCount(0, { timeout: 30_000 });
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE + 10), { timeout: 30_000 });
  const cache = join(process.env.HOME ?? '', '.aws', 'sso', 'cache');
  expect(existsSync(cache) && readdirSync(cache).some((name) => name.endsWith('.json'))).toBe(true);
});

test('a mistyped AWS_PROFILE is named over the grid, in English and Japanese: the files looked in, the training fleet opened instead, what to do', async ({ page }) => {
  // The profile exists as prod-eu-west; AWS_PROFILE asks for prod-eu. It is never watched, so nothing calls AWS.
  await startWithProfiles(37, '[profile prod-eu-west]\nregion = eu-west-1\n', '[prod-eu-west]\naws_access_key_id = AKIAEXAMPLEPRODEU\naws_secret_access_key = not-used\n', { AWS_PROFILE: 'prod-eu' });
  const grid = await open(page);
  await expect(grid).toHaveAttribute('data-total', String(FLEET_SIZE), { timeout: 30_000 });
  await expect(page.getByTestId('workspace-summary')).toHaveText(`${OPERATIONS} · eu-west-1`);

  const notice = page.getByTestId('selection-fallback');
  await expect(notice).toContainText('AWS_PROFILE asks for profile "prod-eu", which is not in the AWS config files.');
  const dir = dataDir as string;
  await expect(notice).toContainText(`Looked in ${join(dir, 'config')} (from AWS_CONFIG_FILE), ${join(dir, 'credentials')} (from AWS_SHARED_CREDENTIALS_FILE)`);
  await expect(notice).toContainText(`Capstan opened ${OPERATIONS} · eu-west-1 instead.`);
  await expect(notice).toContainText('Correct the name in AWS_PROFILE (or add [profile prod-eu] to the config file) and restart Capstan, or choose a workspace in the picker at the top.');
  await expect(page.getByTestId('workspace-warnings')).toHaveAttribute('title', 'profile "prod-eu" not found');
  await page.screenshot({ path: join(SCREENS, 'accounts-profile-not-found-dark.png') });

  await page.getByTestId('language-toggle').click();
  await expect(notice).toContainText('AWS_PROFILE で指定されたプロファイル「prod-eu」は AWS 設定ファイルにありません。');
  await expect(notice).toContainText(`確認したファイル: ${join(dir, 'config')}（AWS_CONFIG_FILE で指定）`);
  await expect(notice).toContainText(`代わりに ${OPERATIONS} · eu-west-1 を開きました。`);
  await expect(notice).toContainText('AWS_PROFILE の名前を直して');
  await page.screenshot({ path: join(SCREENS, 'accounts-profile-not-found-ja-dark.png') });
  await page.getByTestId('language-toggle').click();

  // The picker says it among the profiles that could not be used, until a default is chosen there.
  await page.getByTestId('workspace-picker').click();
  await expect(page.getByTestId('selection-fallback-problem')).toContainText('AWS_PROFILE asks for profile "prod-eu"');
  await page.screenshot({ path: join(SCREENS, 'accounts-profile-not-found-picker-dark.png') });
  await page.getByRole('button', { name: `Default for commands: ${OPERATIONS} · us-east-1` }).click();
  await expect(page.getByTestId('selection-fallback-problem')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('workspace-warnings')).toHaveCount(0);
});
