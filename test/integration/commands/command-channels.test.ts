import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import type { Result } from '../../../preload/contract/define';
import type { DocumentDetail, DocumentSummary, JobSummary, TargetPreview } from '../../../preload/contract/commands';
import type { FleetPage, SyncState } from '../../../preload/contract/fleet';
import type { AuditEntry } from '../../../preload/contract/audit';
import { isProductionTag } from '../../../main/commands/parameter-rules';

const trusted = { trusted: true, label: 'test' };
const WORKSPACE = 'training';
let dir: string;
let core: Core;
const events: Array<{ channel: string; payload: unknown }> = [];
const wake = new Set<() => void>();

async function waitUntil<T>(find: () => T | undefined): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise<void>((resolve) => wake.add(resolve));
  }
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = (await core.router.handle(channel, trusted, payload)) as Result<T>;
  if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { info: result.error });
  return result.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-command-channels-'));
  core = await createCore({
    userDataDir: dir,
    appVersion: '0.0.0-test',
    platform: 'linux',
    openExternal: async () => {},
    env: { HOME: join(dir, 'home'), AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    trainingFleet: { nodes: 60, seed: 3 },
  });
  core.router.subscribe((channel, payload) => {
    events.push({ channel, payload });
    for (const w of [...wake]) {
      wake.delete(w);
      w();
    }
  });
  await waitUntil(() => events.find((e) => e.channel === 'fleet:sync-progressed' && (e.payload as SyncState).phase === 'succeeded'));
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Run Command through the core router', () => {
  it('lists Amazon and account documents and parses a custom one into a form', async () => {
    const { documents } = await call<{ documents: DocumentSummary[] }>('commands:list-documents', { workspaceId: WORKSPACE });
    const names = documents.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'Capstan-RestartService']));
    expect(documents.find((d) => d.name === 'AWS-RunShellScript')?.owner).toBe('Amazon');
    const restart = await call<DocumentDetail>('commands:describe-document', { workspaceId: WORKSPACE, name: 'Capstan-RestartService' });
    expect(restart.parameters.find((p) => p.name === 'serviceName')).toMatchObject({ default: null, allowedPattern: expect.any(String) });
    const missing = await core.router.handle('commands:describe-document', trusted, { workspaceId: WORKSPACE, name: 'No-Such-Document' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found', message: expect.stringContaining('No-Such-Document') } });
  });

  it('previews, refuses a bad parameter by name, sends, reports progress and lands in history and the audit log', async () => {
    const page = await call<FleetPage>('fleet:list-nodes', { workspaceIds: [WORKSPACE], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 });
    const node = page.rows.find((n) => n.pingStatus === 'Online' && n.platformType === 'Linux' && !n.tags.some((t) => isProductionTag(t.key, t.value)))!;
    const targets = { kind: 'nodes', instanceIds: [node.instanceId] };
    const bad = await call<{ preview: TargetPreview; fieldErrors: Array<{ field: string }> }>('commands:preview-targets', {
      workspaceId: WORKSPACE,
      targets,
      documentName: 'Capstan-RestartService',
      parameters: { serviceName: ['nginx; rm -rf /'] },
    });
    expect(bad.preview).toMatchObject({ total: 1, online: 1 });
    expect(bad.fieldErrors.map((e) => e.field)).toEqual(['serviceName']);
    const refused = await core.router.handle('commands:send-command', trusted, {
      workspaceId: WORKSPACE,
      documentName: 'Capstan-RestartService',
      parameters: { serviceName: ['nginx; rm -rf /'] },
      targets,
      options: { maxConcurrency: '50', maxErrors: '0', timeoutSeconds: 600, comment: '' },
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/^serviceName: use only/) } });

    const { jobId } = await call<{ jobId: string }>('commands:send-command', {
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: { commands: ['echo via-router'] },
      targets,
      options: { maxConcurrency: '50', maxErrors: '0', timeoutSeconds: 600, comment: 'router test' },
    });
    const done = await waitUntil(() => {
      const hit = events.find((e) => e.channel === 'commands:job-updated' && (e.payload as JobSummary).jobId === jobId && (e.payload as JobSummary).phase === 'done');
      return hit?.payload as JobSummary | undefined;
    });
    expect(done).toMatchObject({ status: 'Success', comment: 'router test', counts: { success: 1 } });
    const history = await call<{ jobs: JobSummary[] }>('commands:list-jobs', { workspaceId: WORKSPACE, limit: 10 });
    expect(history.jobs[0]!.jobId).toBe(jobId);
    const audit = await call<{ entries: AuditEntry[] }>('audit:list-entries', { filter: { actions: ['command.sent'] }, offset: 0, limit: 10 });
    expect(audit.entries[0]).toMatchObject({ action: 'command.sent', outcome: 'succeeded', targets: [node.instanceId], detail: expect.objectContaining({ jobId }) });
  });
});
