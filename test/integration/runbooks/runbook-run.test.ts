import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { isProductionTag } from '../../../main/commands/parameter-rules';
import { sandboxFolder } from '../../../main/simulator/sessions/pty-runner';
import type { AuditEntry } from '../../../preload/contract/audit';
import type { JobSummary, TargetPreview, FieldError } from '../../../preload/contract/commands';
import type { ErrorInfo, Result } from '../../../preload/contract/define';
import type { FleetNode } from '../../../preload/contract/fleet';
import type { Runbook, RunbookCheck, RunbookProblem } from '../../../preload/contract/runbooks';

// Runbooks end to end on the training fleet: the real core, router, Run Command service, audit
// log and simulator (documents, engine, sandboxed scripts).

const trusted = { trusted: true, label: 'test' };
const WORKSPACE = 'training';
let dir: string;
let core: Core;
let nodes: FleetNode[];
const jobs: JobSummary[] = [];
const phases: string[] = [];
const wake = new Set<() => void>();

type Listing = { runbooks: Runbook[]; problems: RunbookProblem[]; userFolder: string };
type Prepared = { preview: TargetPreview; fieldErrors: FieldError[]; check: RunbookCheck };

async function until<T>(find: () => T | undefined): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise<void>((resolve) => wake.add(resolve));
  }
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = (await core.router.handle(channel, trusted, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function refusal(channel: string, payload: unknown): Promise<ErrorInfo> {
  const result = (await core.router.handle(channel, trusted, payload)) as Result<unknown>;
  if (result.ok) throw new Error(`${channel} was accepted: ${JSON.stringify(result.value)}`);
  return result.error;
}

async function auditEntries(): Promise<AuditEntry[]> {
  return (await call<{ entries: AuditEntry[] }>('audit:list-entries', { filter: {}, offset: 0, limit: 500 })).entries;
}

const isProduction = (node: FleetNode) => node.tags.some((t) => isProductionTag(t.key, t.value));
const webLinux = () => nodes.filter((n) => n.pingStatus === 'Online' && n.platformType === 'Linux' && !isProduction(n) && n.tags.some((t) => t.key === 'Role' && t.value === 'web'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-runbooks-'));
  core = await createCore({
    userDataDir: dir,
    appVersion: '0.0.0-test',
    platform: 'linux',
    openExternal: async () => {},
    env: { HOME: join(dir, 'home'), AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    trainingFleet: { nodes: 120, seed: 11 },
  });
  core.router.subscribe((channel, payload) => {
    if (channel === 'commands:job-updated') jobs.push(payload as JobSummary);
    if (channel === 'inventory:sync-progressed' || channel === 'fleet:sync-progressed') phases.push(`${channel}:${(payload as { phase: string }).phase}`);
    for (const w of [...wake]) w();
  });
  // Tags (production, Role) come with the inventory sync the core starts with the fleet's.
  await until(() => (phases.includes('fleet:sync-progressed:succeeded') && phases.includes('inventory:sync-progressed:succeeded') ? true : undefined));
  nodes = (await call<{ rows: FleetNode[] }>('fleet:list-nodes', { workspaceIds: [WORKSPACE], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1000 })).rows;
});

afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runbooks on the training fleet', () => {
  it('lists every built-in runbook, each matching the training fleet’s documents with no problem', async () => {
    const listing = await call<Listing>('runbooks:list-runbooks', { workspaceId: WORKSPACE });
    expect(listing.problems).toEqual([]);
    expect(listing.userFolder).toBe(join(dir, 'runbooks'));
    const restart = listing.runbooks.find((r) => r.id === 'builtin:restart-service')!;
    expect(restart).toMatchObject({ name: 'Restart a service', documentType: 'Command', lastRun: null, targets: { kind: 'chosen' } });
    expect(restart.parameters).toEqual([expect.objectContaining({ name: 'serviceName', label: 'Service', type: 'String', default: 'nginx' })]);
    expect(listing.runbooks.map((r) => r.documentName).sort()).toEqual(
      ['AWS-RunPatchBaseline', 'AWS-RunPatchBaseline', 'AmazonCloudWatch-ManageAgent', 'Capstan-CollectDiagnostics', 'Capstan-RestartService', 'Capstan-RotateLogs'].sort(),
    );
  });

  it('restarts nginx on two web nodes through Run Command, records the run, and shows it as the card’s last run', async () => {
    const targets = webLinux().slice(0, 2);
    expect(targets).toHaveLength(2);
    const request = { runbookId: 'builtin:restart-service', workspaceId: WORKSPACE, parameters: { serviceName: ['nginx'] }, targets: { kind: 'nodes', instanceIds: targets.map((n) => n.instanceId) } };
    const prepared = await call<Prepared>('runbooks:prepare-run', request);
    expect(prepared).toMatchObject({ fieldErrors: [], check: { blocked: [], confirmation: { kind: 'click' } }, preview: { total: 2, online: 2 } });

    const { jobId } = await call<{ jobId: string }>('runbooks:start-run', request);
    const done = await until(() => jobs.find((j) => j.jobId === jobId && j.phase === 'done'));
    expect(done).toMatchObject({ status: 'Success', source: { kind: 'runbook', runbookId: 'builtin:restart-service', runbookName: 'Restart a service' }, counts: { targets: 2, success: 2 } });
    const groups = await call<{ groups: Array<{ output: string; count: number }> }>('commands:get-output-groups', { jobId });
    expect(groups.groups).toEqual([expect.objectContaining({ count: 2, output: expect.stringContaining('active') })]);

    const entry = (await auditEntries()).find((e) => e.action === 'runbook.run' && e.detail.jobId === jobId)!;
    expect(entry).toMatchObject({ outcome: 'succeeded', detail: { runbookId: 'builtin:restart-service', parameters: { serviceName: ['nginx'] } } });
    expect([...entry.targets].sort()).toEqual(targets.map((n) => n.instanceId).sort());

    const card = (await call<Listing>('runbooks:list-runbooks', { workspaceId: WORKSPACE })).runbooks.find((r) => r.id === 'builtin:restart-service')!;
    expect(card.lastRun).toMatchObject({ jobId, status: 'Success' });
  });

  it.each(['builtin:collect-diagnostics', 'builtin:patch-scan', 'builtin:cloudwatch-agent-config'])(
    '%s runs with its defaults on a training node and succeeds (SSM accepts every value it sends)',
    async (runbookId) => {
      const target = webLinux()[2]!;
      const { jobId } = await call<{ jobId: string }>('runbooks:start-run', { runbookId, workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [target.instanceId] } });
      const done = await until(() => jobs.find((j) => j.jobId === jobId && j.phase === 'done'));
      const groups = await call<{ groups: Array<{ output: string }> }>('commands:get-output-groups', { jobId });
      expect({ status: done.status, details: done.statusDetails }, groups.groups[0]?.output).toEqual({ status: 'Success', details: 'Success' });
    },
  );

  it('frees disk space on a node with old logs: the old log is compressed and the bytes freed reported', async () => {
    const target = webLinux()[3]!;
    // The node's sandbox folder is its root (main/simulator/sessions/pty-runner.ts): /var/log is ./var/log.
    const logs = join(sandboxFolder(target.instanceId), 'var', 'log', 'app');
    mkdirSync(logs, { recursive: true });
    const old = join(logs, 'app.log.1');
    writeFileSync(old, 'x'.repeat(200_000));
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    utimesSync(old, tenDaysAgo, tenDaysAgo);
    onTestFinished(() => rmSync(logs, { recursive: true, force: true }));
    const { jobId } = await call<{ jobId: string }>('runbooks:start-run', {
      runbookId: 'builtin:rotate-logs',
      workspaceId: WORKSPACE,
      parameters: { logDirectory: ['/var/log/app'] },
      targets: { kind: 'nodes', instanceIds: [target.instanceId] },
    });
    const done = await until(() => jobs.find((j) => j.jobId === jobId && j.phase === 'done'));
    const groups = await call<{ groups: Array<{ output: string }> }>('commands:get-output-groups', { jobId });
    expect(done.status, groups.groups[0]?.output).toBe('Success');
    expect(groups.groups[0]?.output).toMatch(/compressed \/var\/log\/app\/app\.log\.1[\s\S]*Freed [1-9][0-9]* bytes/);
  });

  it('refuses an injection attempt before anything is sent, and audits the refusal', async () => {
    const before = (await call<{ jobs: JobSummary[] }>('commands:list-jobs', { limit: 200 })).jobs.length;
    const error = await refusal('runbooks:start-run', {
      runbookId: 'builtin:rotate-logs',
      workspaceId: WORKSPACE,
      parameters: { logDirectory: ['/var/log; rm -rf /'] },
      targets: { kind: 'nodes', instanceIds: [webLinux()[0]!.instanceId] },
    });
    expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/^logDirectory: ";" is not allowed/) });
    expect((await call<{ jobs: JobSummary[] }>('commands:list-jobs', { limit: 200 })).jobs).toHaveLength(before);
    const refused = (await auditEntries()).find((e) => e.action === 'runbook.refused' && e.detail.runbookId === 'builtin:rotate-logs')!;
    expect(refused).toMatchObject({ outcome: 'refused', error: expect.stringContaining('";" is not allowed'), targets: [webLinux()[0]!.instanceId] });
  });

  it('cannot be given caps above the runbook’s, nor targets for a runbook with its own', async () => {
    const raised = await refusal('runbooks:start-run', { runbookId: 'builtin:restart-service', workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [webLinux()[0]!.instanceId] }, options: { maxConcurrency: '100%' } });
    expect(raised.code).toBe('InvalidRequest');
    mkdirSync(join(dir, 'runbooks'), { recursive: true });
    writeFileSync(join(dir, 'runbooks', 'web-diagnostics.yaml'), 'name: Web diagnostics\ndescription: d\ndocument: Capstan-CollectDiagnostics\nparameters:\n  lines: { allowedValues: [100] }\ntargets: { kind: tags, filters: [{ key: Role, values: [web] }] }\n');
    await call<Listing>('runbooks:reload-runbooks', { workspaceId: WORKSPACE });
    const error = await refusal('runbooks:prepare-run', { runbookId: 'user:web-diagnostics', workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [webLinux()[0]!.instanceId] } });
    expect(error.message).toMatch(/its tag query finds; targets cannot be chosen/);
    const prepared = await call<Prepared>('runbooks:prepare-run', { runbookId: 'user:web-diagnostics', workspaceId: WORKSPACE, parameters: {} });
    expect(prepared.preview.total).toBe(nodes.filter((n) => n.tags.some((t) => t.key === 'Role' && t.value === 'web')).length);
  });

  it('demands the typed name for a production node and refuses (audited) until it is typed', async () => {
    const production = nodes.find((n) => n.pingStatus === 'Online' && n.platformType === 'Linux' && isProduction(n))!;
    expect(production).toBeDefined();
    const request = { runbookId: 'builtin:collect-diagnostics', workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [production.instanceId] } };
    const prepared = await call<Prepared>('runbooks:prepare-run', request);
    expect(prepared.check.confirmation).toEqual({ kind: 'typed-name', expected: production.name, reason: '1 production node is among the targets.' });
    const error = await refusal('runbooks:start-run', { ...request, typedConfirmation: 'yes' });
    expect(error.message).toBe(`Type "${production.name}" exactly to confirm (1 production node is among the targets).`);
    const { jobId } = await call<{ jobId: string }>('runbooks:start-run', { ...request, typedConfirmation: production.name });
    expect((await until(() => jobs.find((j) => j.jobId === jobId && j.phase === 'done'))).status).toBe('Success');
  });

  it('lists a broken user file’s problems beside the good runbooks, and blocks a runbook whose document is missing', async () => {
    const folder = join(dir, 'runbooks');
    writeFileSync(join(folder, 'typo.yaml'), 'name: Typo\ndescription: d\ndocument: Capstan-RestartService\nparameters:\n  serviceName:\n    allowedPatern: "^[a-z]+$"\ntargets: { kind: chosen }\n');
    writeFileSync(join(folder, 'ghost.yaml'), 'name: Ghost\ndescription: d\ndocument: Capstan-DoesNotExist\ntargets: { kind: chosen }\n');
    const listing = await call<Listing>('runbooks:reload-runbooks', { workspaceId: WORKSPACE });
    expect(listing.runbooks.filter((r) => r.source === 'builtin')).toHaveLength(6);
    expect(listing.problems).toEqual(
      expect.arrayContaining([
        { file: join(folder, 'typo.yaml'), line: 6, column: 5, field: 'parameters.serviceName.allowedPatern', message: 'unknown key "allowedPatern" — did you mean "allowedPattern"?' },
        { file: join(folder, 'ghost.yaml'), line: 3, column: 1, field: 'document', message: 'Capstan-DoesNotExist does not exist in this workspace (or is not shared with its account).' },
      ]),
    );
    expect(listing.runbooks.map((r) => r.id)).toContain('user:ghost');
    const prepared = await call<Prepared>('runbooks:prepare-run', { runbookId: 'user:ghost', workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [webLinux()[0]!.instanceId] } });
    expect(prepared.check.blocked).toEqual(['Capstan-DoesNotExist does not exist in this workspace (or is not shared with its account).']);
  });

  it('refuses to start outside its allowed hours and audits why', async () => {
    const hour = new Date().getUTCHours();
    const from = `${String((hour + 3) % 24).padStart(2, '0')}:00`;
    const to = `${String((hour + 4) % 24).padStart(2, '0')}:00`;
    writeFileSync(
      join(dir, 'runbooks', 'night.yaml'),
      `name: Night only\ndescription: d\ndocument: Capstan-CollectDiagnostics\nparameters:\n  lines: { allowedValues: [100] }\ntargets: { kind: chosen }\nguardrails:\n  allowedHours: { from: "${from}", to: "${to}", timeZone: UTC }\n`,
    );
    await call<Listing>('runbooks:reload-runbooks', { workspaceId: WORKSPACE });
    const error = await refusal('runbooks:start-run', { runbookId: 'user:night', workspaceId: WORKSPACE, parameters: {}, targets: { kind: 'nodes', instanceIds: [webLinux()[0]!.instanceId] } });
    expect(error.message).toMatch(new RegExp(`^Outside allowed hours: this runbook may start between ${from} and ${to} \\(UTC\\)`));
    const refused = (await auditEntries()).find((e) => e.action === 'runbook.refused' && e.detail.runbookId === 'user:night');
    expect(refused?.error).toMatch(/^Outside allowed hours/);
  });
  it('a rerun of a runbook job passes the runbook’s guardrails again: the typed name, then its hours', async () => {
    const runbook = (hours: string) =>
      `name: Typed restart\ndescription: d\ndocument: Capstan-RestartService\nparameters:\n  serviceName: { allowedValues: [nginx, no-such-unit] }\ntargets: { kind: chosen }\nguardrails:\n  confirm: typed-name\n  canary: false\n${hours}`;
    mkdirSync(join(dir, 'runbooks'), { recursive: true });
    writeFileSync(join(dir, 'runbooks', 'typed.yaml'), runbook(''));
    await call<Listing>('runbooks:reload-runbooks', { workspaceId: WORKSPACE });
    const node = webLinux()[1]!;
    const name = node.name || node.computerName || node.instanceId;
    const { jobId } = await call<{ jobId: string }>('runbooks:start-run', {
      runbookId: 'user:typed',
      workspaceId: WORKSPACE,
      parameters: { serviceName: ['no-such-unit'] },
      targets: { kind: 'nodes', instanceIds: [node.instanceId] },
      typedConfirmation: name,
    });
    expect(await until(() => jobs.find((j) => j.jobId === jobId && j.phase === 'done'))).toMatchObject({ status: 'Failed' });
    // No production node among the targets: only the runbook's own rule asks for the name.
    expect((await refusal('commands:rerun-failed', { jobId })).message).toContain(`type "${name}" exactly`);
    const hour = new Date().getUTCHours();
    const from = `${String((hour + 3) % 24).padStart(2, '0')}:00`;
    const to = `${String((hour + 4) % 24).padStart(2, '0')}:00`;
    writeFileSync(join(dir, 'runbooks', 'typed.yaml'), runbook(`  allowedHours: { from: "${from}", to: "${to}", timeZone: UTC }\n`));
    await call<Listing>('runbooks:reload-runbooks', { workspaceId: WORKSPACE });
    expect((await refusal('commands:rerun-failed', { jobId, typedConfirmation: name })).message).toMatch(/^Outside allowed hours/);
  });
});
