import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentCatalog } from '../../../../../main/simulator/documents/document-catalog';

/**
 * The training fleet's Linux steps are real scripts: run them with /bin/sh in a throwaway
 * sandbox (the node's root) and check what an operator would read and what they leave behind.
 */

const catalog = new DocumentCatalog({ accountId: '111122223333', now: Date.now() });
const sandboxes: string[] = [];
const STORE: Record<string, string> = { 'AmazonCloudWatch-linux': '{"agent":{"metrics_collection_interval":60}}' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-doc-i-0abc'));
  sandboxes.push(dir);
  return dir;
}

function runLinux(name: string, values: Record<string, string[]>, cwd: string): Promise<Run> {
  const document = catalog.find(name);
  if (document === undefined) throw new Error(`${name} is not in the catalog`);
  const step = catalog.renderSteps(document, values, (n) => STORE[n]).find((s) => s.platform === 'Linux' || s.platform === null);
  if (step === undefined) throw new Error(`${name} has no Linux step`);
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', step.commands.join('\n')], { cwd, env: { PATH: '/usr/bin:/bin' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

afterEach(() => {
  for (const dir of sandboxes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('AWS-RunPatchBaseline on the training fleet', () => {
  it('scans, installs what is missing, and records the node patch state in its sandbox', async () => {
    const root = sandbox();
    const scan = await runLinux('AWS-RunPatchBaseline', { Operation: ['Scan'] }, root);
    expect(scan.code).toBe(0);
    const missing = Number(/Missing=(\d+)/.exec(scan.stdout)?.[1]);
    expect(scan.stdout.match(/Missing: /g)?.length ?? 0).toBe(missing);
    const install = await runLinux('AWS-RunPatchBaseline', { Operation: ['Install'], RebootOption: ['NoReboot'] }, root);
    expect(install.code).toBe(0);
    expect(install.stdout).toContain('Missing=0');
    expect(install.stdout).toContain('Compliance: COMPLIANT');
    const state = JSON.parse(readFileSync(join(root, 'var/lib/amazon/ssm/patch-baseline/patch-state.json'), 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ Operation: 'Install', RebootOption: 'NoReboot', MissingCount: 0, FailedCount: 0, InstalledPendingRebootCount: missing });
    const rescan = await runLinux('AWS-RunPatchBaseline', { Operation: ['Scan'] }, root);
    expect(rescan.stdout).toContain('Missing=0');
  });
});

describe('AmazonCloudWatch-ManageAgent on the training fleet', () => {
  it('writes the configuration fetched from Parameter Store and reports the agent running', async () => {
    const root = sandbox();
    const run = await runLinux('AmazonCloudWatch-ManageAgent', { optionalConfigurationLocation: ['AmazonCloudWatch-linux'] }, root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(join(root, 'opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json'), 'utf8')).toBe(STORE['AmazonCloudWatch-linux']);
    expect(run.stdout).toContain('Configuration validation succeeded');
    expect(run.stdout).toContain('"status": "running"');
    const stop = await runLinux('AmazonCloudWatch-ManageAgent', { action: ['stop'] }, root);
    expect(stop.stdout).toContain('"status": "stopped"');
  });

  it('fails as the real agent does when the parameter does not exist', async () => {
    const run = await runLinux('AmazonCloudWatch-ManageAgent', { optionalConfigurationLocation: ['AmazonCloudWatch-missing'] }, sandbox());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error in retrieving parameter store content: ParameterNotFound');
    expect(run.stderr).toContain('Fail to fetch the config!');
  });
});

describe('Capstan-RotateLogs on the training fleet', () => {
  it('compresses old logs, removes old archives, keeps recent files, and reports bytes freed', async () => {
    const root = sandbox();
    const logs = join(root, 'var/log/nginx');
    mkdirSync(logs, { recursive: true });
    const old = (Date.now() - 10 * 24 * 3600 * 1000) / 1000;
    writeFileSync(join(logs, 'access.log.1'), 'GET / 200\n'.repeat(5000));
    utimesSync(join(logs, 'access.log.1'), old, old);
    writeFileSync(join(logs, 'access.log.2.gz'), 'x'.repeat(3000));
    utimesSync(join(logs, 'access.log.2.gz'), old, old);
    writeFileSync(join(logs, 'access.log'), 'GET /today 200\n');
    const run = await runLinux('Capstan-RotateLogs', { logDirectory: ['/var/log/nginx'], olderThanDays: ['7'] }, root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 compressed, 1 removed');
    const freed = Number(/Freed (\d+) bytes/.exec(run.stdout)?.[1]);
    expect(freed).toBeGreaterThan(3000 + 40000);
    expect(existsSync(join(logs, 'access.log.1.gz'))).toBe(true);
    expect(existsSync(join(logs, 'access.log.2.gz'))).toBe(false);
    expect(statSync(join(logs, 'access.log')).size).toBe(15);
  });

  it('handles file names with spaces', async () => {
    const root = sandbox();
    const logs = join(root, 'var/log/app');
    mkdirSync(logs, { recursive: true });
    const old = (Date.now() - 3 * 24 * 3600 * 1000) / 1000;
    writeFileSync(join(logs, 'job output.log'), 'done\n'.repeat(100));
    utimesSync(join(logs, 'job output.log'), old, old);
    const run = await runLinux('Capstan-RotateLogs', { logDirectory: ['/var/log/app'], olderThanDays: ['1'] }, root);
    expect(run.stdout).toContain('compressed /var/log/app/job output.log');
    expect(existsSync(join(logs, 'job output.log.gz'))).toBe(true);
  });

  it('refuses a log directory that a symlink leads out of the node, touching nothing outside', async () => {
    const outside = sandbox();
    const victim = join(outside, 'precious.log');
    writeFileSync(victim, 'keep me\n');
    const old = (Date.now() - 30 * 24 * 3600 * 1000) / 1000;
    utimesSync(victim, old, old);
    const root = sandbox();
    mkdirSync(join(root, 'var/log'), { recursive: true });
    symlinkSync(outside, join(root, 'var/log/escape'));
    const run = await runLinux('Capstan-RotateLogs', { logDirectory: ['/var/log/escape'], olderThanDays: ['1'] }, root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('leads outside this node');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
  });

  it('fails with a clear message when the directory is not on the node', async () => {
    const run = await runLinux('Capstan-RotateLogs', { logDirectory: ['/var/log/absent'] }, sandbox());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Log directory /var/log/absent does not exist on this node.');
  });
});

describe('Capstan-CollectDiagnostics on the training fleet', () => {
  it('prints uptime, disk usage, top processes and the agent log tail', async () => {
    const root = sandbox();
    mkdirSync(join(root, 'var/log/amazon/ssm'), { recursive: true });
    writeFileSync(join(root, 'var/log/amazon/ssm/amazon-ssm-agent.log'), Array.from({ length: 300 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const run = await runLinux('Capstan-CollectDiagnostics', { lines: ['100'] }, root);
    expect(run.code).toBe(0);
    for (const heading of ['== uptime ==', '== disk usage ==', '== top processes (by CPU) ==', '== SSM agent log (last 100 lines) ==']) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout).toContain('line 300');
    expect(run.stdout).toContain('line 201');
    expect(run.stdout).not.toContain('line 200\n');
  });
});
