import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { FleetNode, FleetPage } from '../../preload/contract/fleet';
import { startTestHost, type TestHost } from '../helpers/test-host';

// The Runbooks view in Chromium against the real router, runbook catalogue, Run Command service,
// audit log and the training fleet, whose scripts really run in each node's sandbox. Nodes are
// picked from what the core answers; every wait is on the DOM.

const FLEET_SIZE = 120;
// Another run of Playwright empties test-results; CAPSTAN_SCREENS_DIR keeps the screenshots elsewhere.
const SCREENS = process.env.CAPSTAN_SCREENS_DIR ?? join('test-results', 'screens');
const caller = { trusted: true, label: 'runbooks spec' };
// A real run on the training fleet: canary first, then the rest, each a real shell script.
const RUN_TIMEOUT = 60_000;

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

function isProduction(node: FleetNode): boolean {
  return node.tags.some((tag) => /^(environment|env|stage)$/i.test(tag.key) && /^(production|prod)$/i.test(tag.value));
}

/** Online Linux web servers (they run nginx on the training fleet), split by production tag. */
async function webNodes(): Promise<{ plain: FleetNode[]; production: FleetNode[] }> {
  const workspaceId = (await core<{ selectedId: string }>('workspaces:list-workspaces', {})).selectedId;
  const page = await core<FleetPage>('fleet:list-nodes', {
    workspaceIds: [workspaceId],
    filter: 'tag:Role=web ping:online platform:linux',
    sort: { column: 'name', direction: 'asc' },
    offset: 0,
    limit: 1000,
  });
  return { plain: page.rows.filter((n) => !isProduction(n)), production: page.rows.filter(isProduction) };
}

/** Opens the app on the fleet grid (so the fleet cache is filled) with the theme and language set. */
async function openApp(page: Page, theme: 'dark' | 'light', language: 'en' | 'ja' = 'en'): Promise<void> {
  await page.addInitScript(
    ([t, l]) => {
      localStorage.setItem('capstan.theme', t!);
      localStorage.setItem('capstan.language', l!);
    },
    [theme, language],
  );
  await page.goto((host as TestHost).url);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-total', String(FLEET_SIZE));
}

async function openRunbooks(page: Page): Promise<Locator> {
  await page.getByTestId('nav-runbooks').click();
  const cards = page.getByTestId('runbook-card');
  await expect(cards.first()).toBeVisible();
  return cards;
}

function card(page: Page, name: string): Locator {
  return page.getByTestId('runbook-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

/** Waits for the job in the dialog to finish and checks every listed node ended as expected. */
async function expectEveryNode(dialog: Locator, ids: string[], status: string): Promise<void> {
  const job = dialog.getByTestId('job-view');
  await expect(job).toHaveAttribute('data-finished', 'true', { timeout: RUN_TIMEOUT });
  await expect(job).toHaveAttribute('data-status', status);
  await expect(dialog.getByTestId('job-node')).toHaveCount(ids.length);
  for (const id of ids) await expect(dialog.locator(`[data-testid=job-node][data-instance-id="${id}"]`)).toHaveAttribute('data-status', status);
}

const MISSING_DOCUMENT = [
  'name: Restart the queue',
  'description: Restarts the queue worker.',
  'document: Capstan-RestartQueue',
  'targets: { kind: chosen }',
  'parameters:',
  '  serviceName:',
  '    allowedValues: [queue]',
  '',
].join('\n');

const WEB_TIER = [
  'name: Restart nginx on the web tier',
  'description: Restarts nginx on every web server.',
  'document: Capstan-RestartService',
  'targets: { kind: tags, filters: [{ key: Role, values: [web] }] }',
  'fixed:',
  '  serviceName: [nginx]',
  '',
].join('\n');

const BROKEN_RUNBOOK = [
  'name: Restart with a typo',
  'description: A user runbook with a misspelt key.',
  'document: Capstan-RestartService',
  'targets: { kind: chosen }',
  'parameters:',
  '  serviceName:',
  '    label: Service',
  '    allowedPatern: "^[a-z]+$"',
  '',
].join('\n');

test('Restart a service on three web nodes: exactly those nodes, one click, each node succeeds, the card and the audit log show it', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'capstan-e2e-runbooks-'));
  mkdirSync(join(dataDir, 'runbooks'));
  writeFileSync(join(dataDir, 'runbooks', 'broken.yaml'), BROKEN_RUNBOOK);
  writeFileSync(join(dataDir, 'runbooks', 'missing-doc.yaml'), MISSING_DOCUMENT);
  writeFileSync(join(dataDir, 'runbooks', 'web-tier.yaml'), WEB_TIER);
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7, userDataDir: dataDir });
  await openApp(page, 'dark');
  const { plain } = await webNodes();
  expect(plain.length, 'the training fleet has three online non-production web servers').toBeGreaterThanOrEqual(3);
  const chosen = plain.slice(0, 3);
  const ids = chosen.map((n) => n.instanceId);

  // A broken user file is listed with its place and field; it hides none of the good cards.
  const cards = await openRunbooks(page);
  const problems = page.getByTestId('runbook-problems');
  await expect(problems).toContainText('2 problems in 2 runbook files');
  await expect(problems.getByTestId('runbook-problem').filter({ hasText: 'broken.yaml:8' })).toContainText('allowedPatern');
  await expect(problems.getByTestId('runbook-user-folder')).toHaveText(join(dataDir, 'runbooks'));
  await expect(cards).toHaveCount(8);
  // A tag-targeted runbook says how many nodes its query matches in the fleet cache now.
  const workspaceId = (await core<{ selectedId: string }>('workspaces:list-workspaces', {})).selectedId;
  const tagged = await core<{ preview: { total: number } }>('commands:preview-targets', { workspaceId, targets: { kind: 'tags', filters: [{ key: 'Role', values: ['web'] }] } });
  expect(tagged.preview.total).toBeGreaterThan(3);
  await expect(card(page, 'Restart nginx on the web tier')).toContainText(`Role=web · ${tagged.preview.total} nodes`);
  // A runbook whose document this workspace lacks is a card that says so, its Run… disabled.
  const queue = card(page, 'Restart the queue');
  await expect(queue.getByTestId('runbook-blocked')).toContainText('Capstan-RestartQueue does not exist in this workspace');
  await expect(queue.getByTestId('runbook-run')).toBeDisabled();
  await expect(queue.getByTestId('runbook-run')).toHaveAccessibleDescription(/Capstan-RestartQueue does not exist/);
  const restart = card(page, 'Restart a service');
  await expect(restart).toContainText('Capstan-RestartService');
  await expect(restart).toContainText('choose nodes when running');
  await expect(restart.getByTestId('runbook-last-run')).toHaveText('Never run from this computer');
  await page.screenshot({ path: join(SCREENS, 'runbooks-cards.png') });

  // Fixing the file and reloading brings its card in and the panel goes away.
  writeFileSync(join(dataDir, 'runbooks', 'broken.yaml'), BROKEN_RUNBOOK.replace('allowedPatern', 'allowedPattern').replace('^[a-z]+$', '^(nginx|httpd)$'));
  await page.getByTestId('runbooks-reload').click();
  await expect(problems).toContainText('1 problem in 1 runbook file');
  await expect(problems).not.toContainText('broken.yaml');
  await expect(cards).toHaveCount(9);

  await restart.getByTestId('runbook-run').click();
  const dialog = page.getByTestId('runbook-dialog');
  await expect(dialog.getByTestId('runbook-param-serviceName')).toHaveValue('nginx');
  await dialog.getByTestId('runbook-target-ids').check();
  await dialog.getByTestId('runbook-target-ids-input').fill(ids.join('\n'));

  // The preview lists exactly the pasted nodes and says what the guardrails will do.
  const previewNodes = dialog.getByTestId('runbook-preview-node');
  await expect(previewNodes).toHaveCount(3);
  for (const id of ids) await expect(dialog.locator(`[data-testid=runbook-preview-node][data-instance-id="${id}"]`)).toBeVisible();
  await expect(dialog.getByTestId('runbook-preview-counts')).toContainText('3 nodes');
  await expect(dialog.getByTestId('runbook-guardrails')).toContainText(`Canary: ${chosen[0]?.name} first, then 2 more if it succeeds.`);
  await expect(dialog.getByTestId('runbook-typed-confirmation')).toHaveCount(0);
  const run = dialog.getByTestId('runbook-confirm-run');
  await expect(run).toBeEnabled();
  await expect(run).toHaveText('Run on 3 nodes');
  await run.click();

  await expectEveryNode(dialog, ids, 'Success');
  await expect(dialog.getByTestId('job-view')).toContainText('Restart a service');
  await page.screenshot({ path: join(SCREENS, 'runbook-result.png') });

  // Closing leaves the card telling the result; the audit log holds the run with its targets.
  await dialog.getByTestId('runbook-job-close').click();
  await expect(dialog).toHaveCount(0);
  await expect(restart.getByTestId('runbook-last-run')).toContainText('Succeeded');
  await page.getByTestId('nav-audit').click();
  const entry = page.locator('[data-testid=audit-row][data-action="runbook.run"]').first();
  await expect(entry).toContainText('Restart a service');
  await expect(entry.getByTestId('audit-outcome')).toHaveText('Succeeded');
  await expect(entry).toContainText('3');
});

test('a production node demands its typed name: Run stays disabled until the name matches exactly', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  await openApp(page, 'dark');
  const { production } = await webNodes();
  const target = production[0];
  expect(target, 'the training fleet has an online production web server').toBeDefined();
  const node = target as FleetNode;

  // The grid's filter is the target: the operator narrowed the fleet to that one node first.
  await page.getByTestId('fleet-filter').fill(node.instanceId);
  await expect(page.getByTestId('fleet-grid')).toHaveAttribute('data-filter-applied', node.instanceId);
  await openRunbooks(page);
  await card(page, 'Restart a service').getByTestId('runbook-run').click();
  const dialog = page.getByTestId('runbook-dialog');
  await expect(dialog.getByTestId('runbook-target-filter')).toBeChecked();
  await expect(dialog.getByTestId('runbook-preview-node')).toHaveCount(1);
  await expect(dialog.getByTestId('runbook-preview-node')).toContainText('PRODUCTION');

  const gate = dialog.getByTestId('runbook-typed-confirmation');
  await expect(gate).toContainText(`To run, type ${node.name}`);
  await expect(gate).toContainText('Because 1 production node is among the targets.');
  const run = dialog.getByTestId('runbook-confirm-run');
  await expect(run).toBeDisabled();
  await expect(dialog.getByTestId('runbook-wait-reason')).toHaveText(`Type “${node.name}” to run.`);
  await page.screenshot({ path: join(SCREENS, 'runbook-confirm.png') });

  const typed = dialog.getByTestId('runbook-typed-input');
  await typed.fill(node.name.toUpperCase() === node.name ? `${node.name}x` : node.name.toUpperCase());
  await expect(gate).toContainText('Does not match.');
  await expect(run).toBeDisabled();
  await typed.fill(node.name);
  await expect(run).toBeEnabled();
  await run.click();
  await expectEveryNode(dialog, [node.instanceId], 'Success');
  await dialog.getByTestId('runbook-job-close').click();

  // "Run runbook…" on the grid row brings that node along as the preset target.
  await page.getByTestId('nav-fleet').click();
  await page.getByTestId('fleet-row').first().click({ button: 'right' });
  await page.getByTestId('node-run-runbook').click();
  await expect(page.getByTestId('runbooks-preset')).toContainText(node.instanceId);
  await card(page, 'Restart a service').getByTestId('runbook-run').click();
  await expect(dialog.getByTestId('runbook-target-preset')).toBeChecked();
  await expect(dialog.getByTestId('runbook-preview-node')).toHaveCount(1);
  await expect(dialog.getByTestId('runbook-typed-confirmation')).toContainText(node.name);
  await page.screenshot({ path: join(SCREENS, 'runbook-preset.png') });
});

test('Japanese, light theme: a parameter outside its pattern blocks Run, and what was typed survives closing by accident', async ({ page }) => {
  host = await startTestHost({ nodes: FLEET_SIZE, seed: 7 });
  await openApp(page, 'light', 'ja');
  const { plain } = await webNodes();
  await openRunbooks(page);
  const rotate = card(page, 'Free disk space (rotate logs)');
  await rotate.getByTestId('runbook-run').click();
  const dialog = page.getByTestId('runbook-dialog');
  const folder = dialog.getByTestId('runbook-param-logDirectory');
  await expect(folder).toBeFocused();
  await folder.fill('/var/log; rm -rf /');
  await expect(dialog.getByTestId('runbook-param-error')).toContainText('logDirectory');
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByTestId('runbook-target-ids').check();
  await dialog.getByTestId('runbook-target-ids-input').fill(plain[0]?.instanceId ?? 'missing');
  await expect(dialog.getByTestId('runbook-preview-node')).toHaveCount(1);
  await expect(dialog.getByTestId('runbook-confirm-run')).toBeDisabled();
  await expect(dialog.getByTestId('runbook-wait-reason')).toContainText('logDirectory');

  // Esc asks first; closing keeps the typed values for this session.
  await page.keyboard.press('Escape');
  const ask = dialog.getByTestId('runbook-close-ask');
  await expect(ask).toContainText('入力内容は Capstan を終了するまで保持されます');
  await ask.getByRole('button', { name: '閉じる', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rotate.getByTestId('runbook-run')).toBeFocused();
  await rotate.getByTestId('runbook-run').click();
  await expect(dialog.getByTestId('runbook-param-logDirectory')).toHaveValue('/var/log; rm -rf /');
  await expect(dialog.getByTestId('runbook-target-ids-input')).toHaveValue(plain[0]?.instanceId ?? 'missing');
  await page.screenshot({ path: join(SCREENS, 'runbook-pattern-ja-light.png') });

  // Fixed, it can run; nothing in the fleet was touched before.
  await dialog.getByTestId('runbook-param-logDirectory').fill('/var/log/nginx');
  await expect(dialog.getByTestId('runbook-param-error')).toHaveCount(0);
  await expect(dialog.getByTestId('runbook-confirm-run')).toBeEnabled();
  const jobs = await core<{ jobs: unknown[] }>('commands:list-jobs', { limit: 10 });
  expect(jobs.jobs).toHaveLength(0);
});
