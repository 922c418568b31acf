import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSimulator, type RunningSimulator } from '../../main/simulator/server';
import { startTestHost, type TestHost } from '../helpers/test-host';

// What the operator sees when things go wrong: each state names the cause and what to do, and
// nothing already cached disappears. Waits are on the DOM, never fixed sleeps.

const SCREENS = join('test-results', 'screens');
const FLEET_SIZE = 300;

let host: TestHost | null = null;
let dataDir: string | null = null;
let company: RunningSimulator | null = null;

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));
test.afterEach(async () => {
  await host?.close();
  host = null;
  await company?.close();
  company = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function openFleet(page: Page, total: number): Promise<void> {
  await page.addInitScript(() => {
    localStorage.setItem('capstan.theme', 'dark');
    localStorage.setItem('capstan.language', 'en');
  });
  await page.goto((host as TestHost).url);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(total));
}

test('a failing sync shows the AWS code and advice over the cached rows, and Retry recovers', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 21 });
  await openFleet(page, FLEET_SIZE);
  const simulator = await host.core.trainingFleet();
  expect(simulator).not.toBeNull();
  // More failures than the SDK's retries: the sync must give up and say why.
  simulator?.faults.failNext(1000, 'DescribeInstanceInformation');
  await page.getByTestId('fleet-refresh').click();
  const banner = page.getByTestId('sync-error');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('DescribeInstanceInformation · InternalServerError');
  await expect(banner).toContainText(/Retry/);
  // The status bar names the workspace whose sync failed, with the code.
  await expect(page.getByTestId('sync-failed-note')).toHaveText('Sync failed: Training — Operations · eu-west-1 (InternalServerError)');
  // A server fault says nothing about the credentials: the workspace is not flagged in the strip.
  await expect(page.getByTestId('workspace-strip')).toHaveCount(0);
  // The cached fleet stays on screen.
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(FLEET_SIZE));
  await expect(page.getByTestId('fleet-row').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'fleet-sync-error-dark.png') });

  simulator?.faults.reset();
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('sync-failed-note')).toHaveCount(0);
});

test('a sync throttled past its retries names the throttling and what to do, over every cached row', async ({ page }) => {
  // Three attempts, not the app's five: the adaptive retry's backoff would make this sync take ten seconds or more.
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 24, awsMaxAttempts: 3 });
  await openFleet(page, FLEET_SIZE);
  const simulator = await host.core.trainingFleet();
  expect(simulator).not.toBeNull();
  simulator?.calls.reset();
  simulator?.faults.throttleNext(1000, 'DescribeInstanceInformation');
  await page.getByTestId('fleet-refresh').click();

  const banner = page.getByTestId('sync-error');
  await expect(banner).toContainText('DescribeInstanceInformation · ThrottlingException');
  await expect(banner).toContainText('Rate exceeded');
  await expect(banner).toContainText('AWS is rate-limiting this account and region');
  await expect(banner).toContainText('try again in a minute');
  await expect(banner).toContainText('Showing cached nodes, last synced');
  await expect(banner.getByRole('button', { name: 'Retry' })).toBeEnabled();
  // It gave up after its retries: every attempt was throttled, none more.
  expect(simulator?.calls.list().filter((c) => c.operation === 'DescribeInstanceInformation').map((c) => c.errorCode)).toEqual([
    'ThrottlingException',
    'ThrottlingException',
    'ThrottlingException',
  ]);
  await expect(page.getByTestId('sync-failed-note')).toHaveText('Sync failed: Training — Operations · eu-west-1 (ThrottlingException)');
  // A rate limit says nothing about the credentials or the network: no workspace is flagged.
  await expect(page.getByTestId('workspace-strip')).toHaveCount(0);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(FLEET_SIZE));
  await expect(page.getByTestId('fleet-row').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'fleet-sync-throttled-dark.png') });

  simulator?.faults.reset();
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(FLEET_SIZE));
});

test('an endpoint that cannot be reached names the endpoint, the cause and what to do, over every cached row', async ({ page }) => {
  // The company's SSM endpoint (a second simulator, reached through the profile's endpoint_url) answers once, then goes away.
  company = await startSimulator({ nodes: 40, seed: 26 });
  const account = company.accounts[0]!;
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-unreachable-'));
  const env = { AWS_PROFILE: 'ops', HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
  writeFileSync(env.AWS_CONFIG_FILE, `[profile ops]\nregion = eu-west-1\nendpoint_url = ${company.endpoint}\n`);
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, `[ops]\naws_access_key_id = ${account.credentials.accessKeyId}\naws_secret_access_key = ${account.credentials.secretAccessKey}\n`);
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 25, userDataDir: dataDir, env });
  await page.addInitScript(() => {
    localStorage.setItem('capstan.theme', 'dark');
    localStorage.setItem('capstan.language', 'en');
  });
  await page.goto(host.url);
  const grid = page.getByTestId('fleet-grid');
  await expect(grid).toHaveAttribute('data-total', '40', { timeout: 30_000 });
  await expect(page.getByTestId('workspace-summary')).toHaveText('ops · eu-west-1');

  const endpoint = company.endpoint;
  await company.close();
  await page.getByTestId('fleet-refresh').click();
  // The strip names the workspace, the endpoint, the errno and the fix, once (no second sync banner).
  const item = page.getByTestId('workspace-strip-item').filter({ hasText: 'ops · eu-west-1' });
  await expect(item.getByTestId('workspace-state')).toHaveText('Unreachable', { timeout: 30_000 });
  await expect(item).toContainText(`Could not reach ${endpoint}`);
  await expect(item).toContainText('ECONNREFUSED');
  await expect(item.getByTestId('workspace-strip-code')).toHaveText('EndpointUnreachable');
  await expect(item).toContainText('Check the network, VPN or proxy');
  await expect(item).toContainText('Cached data stays available.');
  await expect(item.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
  await expect(page.getByTestId('sync-failed-note')).toHaveText('Sync failed: ops · eu-west-1 (EndpointUnreachable)');
  // Every cached row stays.
  await expect(grid).toHaveAttribute('data-total', '40');
  await expect(page.getByTestId('fleet-row').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'fleet-endpoint-unreachable-dark.png') });
});

test('a corrupt cache file is moved aside, rebuilt, and the operator is told where the old one went', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-corrupt-'));
  writeFileSync(join(dataDir, 'cache.db'), Buffer.from('this is not a SQLite database, it is a damaged cache file'.repeat(200)));
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 22, userDataDir: dataDir });
  await openFleet(page, FLEET_SIZE);
  const notice = page.getByTestId('cache-recovery');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('cache.db.corrupt-');
  await page.screenshot({ path: join(SCREENS, 'fleet-cache-recovered-dark.png') });
  await notice.getByRole('button').click();
  await expect(notice).toBeHidden();
});

test('a profile whose credentials cannot be resolved says which profile and what to do', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-profile-'));
  writeFileSync(join(dataDir, 'config'), '[profile ghost-ops]\nregion = eu-north-1\nsource_profile = missing-source\nrole_arn = arn:aws:iam::123456789012:role/Ops\n');
  host = await startTestHost({
    nodes: FLEET_SIZE,
    seed: 23,
    userDataDir: dataDir,
    env: { AWS_PROFILE: 'ghost-ops', HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' },
  });
  await page.addInitScript(() => {
    localStorage.setItem('capstan.theme', 'dark');
    localStorage.setItem('capstan.language', 'en');
  });
  await page.goto(host.url);
  // AWS_PROFILE names the profile, so Capstan opens on it (not the training fleet) and the sync fails:
  // the workspace strip names the profile, the cause and the fix, once (no second sync banner).
  const item = page.getByTestId('workspace-strip-item');
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toContainText('ghost-ops · eu-north-1');
  await expect(item.getByTestId('workspace-state')).toHaveText('Misconfigured');
  // Always a code beside the message (which code depends on how far the credential chain got).
  await expect(item.getByTestId('workspace-strip-code')).toHaveText(/^[A-Za-z]+$/);
  await expect(item).toContainText(/missing-source/);
  await expect(item).toContainText('~/.aws/config');
  await expect(item.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
  await expect(page.getByTestId('sync-failed-note')).toContainText('Sync failed: ghost-ops · eu-north-1 (');
  await expect(page.getByTestId('workspace-warnings')).toHaveAttribute('title', /^1 needs attention/);
  await expect(page.getByTestId('training-banner')).toBeHidden();
  // Nothing was read, so the empty state must not blame the agent or the instance role.
  await expect(page.getByTestId('fleet-empty')).toContainText('Nothing cached for this workspace yet.');
  await page.screenshot({ path: join(SCREENS, 'fleet-credentials-error-dark.png') });
});
