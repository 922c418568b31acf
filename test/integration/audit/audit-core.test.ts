import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification } from '../../../preload/contract/audit';
import type { Result } from '../../../preload/contract/define';
import { createCore, type Core } from '../../../main/core';

// The audit log as the app runs it: written by the core's services, read through the router, and
// kept when the cache is thrown away and rebuilt.

const trusted = { trusted: true, label: 'test' };
let dir: string;
let core: Core | null = null;

async function start(): Promise<Core> {
  core = await createCore({
    userDataDir: dir,
    appVersion: '0.0.0-test',
    platform: 'linux',
    openExternal: async () => {},
    env: { HOME: join(dir, 'home'), AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    trainingFleet: { nodes: 20, seed: 3 },
  });
  return core;
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = (await core!.router.handle(channel, trusted, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-audit-core-'));
});

afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('the audit log in the core', () => {
  it('records settings changes with the training identity and announces each entry', async () => {
    await start();
    const announced: AuditEntry[] = [];
    core!.router.subscribe((channel, payload) => {
      if (channel === 'audit:entry-appended') announced.push(payload as AuditEntry);
    });
    await call('workspaces:select-workspace', { id: 'training' });
    await call('licences:save-licence', { licence: { product: 'Java 8', owned: 10, match: { kind: 'product', product: 'Java 8' }, note: '' } });
    const page = await call<{ entries: AuditEntry[]; total: number; file: string }>('audit:list-entries', { filter: {}, offset: 0, limit: 50 });
    expect(page.file).toBe(join(dir, 'audit.jsonl'));
    expect(page.entries.map((e) => [e.action, e.summary])).toEqual([
      ['settings.changed', 'Licence added: Java 8'],
      ['settings.changed', 'Workspace selected: Training — Operations · eu-west-1'],
    ]);
    const [licence, workspace] = page.entries;
    expect(workspace?.actor).toMatchObject({ workspaceId: 'training', principal: expect.stringMatching(/^arn:aws:iam::\d{12}:user\/training-operator$/) });
    expect(licence?.actor).toMatchObject({ workspaceId: '', principal: '' });
    expect(announced.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps every entry when the cache is corrupt and rebuilt', async () => {
    await start();
    await call('workspaces:select-workspace', { id: 'training' });
    await call('workspaces:select-workspace', { id: 'training' });
    await core!.close();
    core = null;
    const before = readFileSync(join(dir, 'audit.jsonl'));
    writeFileSync(join(dir, 'cache.db'), 'not a database any more '.repeat(100));

    await start();
    expect(core!.storeRecovery).toMatchObject({ reason: 'corrupt' });
    expect(readdirSync(dir).some((name) => name.startsWith('cache.db.corrupt-'))).toBe(true);
    const page = await call<{ entries: AuditEntry[]; total: number }>('audit:list-entries', { filter: {}, offset: 0, limit: 50 });
    expect(page.total).toBe(2);
    expect(await call<AuditVerification>('audit:verify-chain', {})).toMatchObject({ ok: true, entries: 2 });
    await call('workspaces:select-workspace', { id: 'training' });
    const after = readFileSync(join(dir, 'audit.jsonl'));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(await call<AuditVerification>('audit:verify-chain', {})).toMatchObject({ ok: true, entries: 3 });
  });

  it('exports the filtered entries as stored, and refuses a malformed filter with a clear message', async () => {
    await start();
    await call('workspaces:select-workspace', { id: 'training' });
    const exported = await call<{ fileName: string; content: string; entries: number }>('audit:export-entries', { filter: { actions: ['settings.changed'] } });
    expect(exported.entries).toBe(1);
    expect(exported.content).toBe(readFileSync(join(dir, 'audit.jsonl'), 'utf8'));
    const bad = (await core!.router.handle('audit:list-entries', trusted, { filter: { actions: ['coffee.made'] }, offset: 0, limit: 10 })) as Result<unknown>;
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/actions/);
  });
});
