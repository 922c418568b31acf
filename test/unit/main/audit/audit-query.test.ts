import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../../../preload/contract/audit';
import { AuditLog, type AuditRecordInput } from '../../../../main/audit/audit-log';

let dir: string;
let log: AuditLog;
let clock = 0;

const training: AuditActor = { operator: 'alice', principal: 'arn:aws:iam::123456789012:user/training-operator', workspaceId: 'training', accountId: '123456789012', region: 'eu-west-1' };
const profile: AuditActor = { operator: 'bob', principal: '', workspaceId: 'profile:noc@eu-west-1', accountId: '210987654321', region: 'eu-west-1' };

const records: AuditRecordInput[] = [
  { actor: training, action: 'session.opened', summary: 'Shell on web-01', targets: ['i-0aaa'], detail: { sessionId: 'alice-1' }, outcome: 'succeeded', error: null },
  { actor: training, action: 'command.sent', summary: 'AWS-RunShellScript on 2 nodes', targets: ['i-0aaa', 'i-0bbb'], detail: { parameters: { commands: ['systemctl restart nginx'] } }, outcome: 'succeeded', error: null },
  { actor: profile, action: 'runbook.refused', summary: 'Restart web service refused', targets: ['i-0ccc'], detail: { runbookId: 'restart' }, outcome: 'refused', error: 'Outside allowed hours 22:00–06:00' },
  { actor: profile, action: 'session.closed', summary: 'Shell on db-01 closed (exit 0)', targets: ['i-0ddd'], detail: { reason: 'Exited' }, outcome: 'succeeded', error: null },
  { actor: training, action: 'settings.changed', summary: 'Workspace selected: Training fleet', targets: [], detail: { setting: 'workspace.selected', value: 'training' }, outcome: 'succeeded', error: null },
  { actor: training, action: 'command.sent', summary: 'Capstan-RotateLogs on 1 node', targets: ['i-0eee'], detail: { documentName: 'Capstan-RotateLogs', parameters: { logDirectory: '/var/log/ナイト' } }, outcome: 'failed', error: 'ThrottlingException' },
];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-audit-q-'));
  clock = Date.UTC(2026, 10, 1);
  log = await AuditLog.open({ file: join(dir, 'audit.jsonl'), now: () => (clock += 60_000) });
  for (const r of records) await log.append(r);
});

afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

const summaries = async (filter: Parameters<AuditLog['list']>[0], offset = 0, limit = 50) => (await log.list(filter, offset, limit)).entries.map((e) => e.summary);

describe('AuditLog list and export', () => {
  it('lists newest first with the total and the file', async () => {
    const page = await log.list({}, 0, 50);
    expect(page.total).toBe(6);
    expect(page.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(page.file).toBe(join(dir, 'audit.jsonl'));
  });

  it('pages with offset and limit', async () => {
    expect((await log.list({}, 2, 2)).entries.map((e) => e.seq)).toEqual([4, 3]);
    expect(await log.list({}, 6, 10)).toMatchObject({ entries: [], total: 6 });
  });

  it.each([
    ['summary words in any case', { text: 'shell WEB' }, ['Shell on web-01']],
    ['a target', { text: 'i-0bbb' }, ['AWS-RunShellScript on 2 nodes']],
    ['the operator', { text: 'bob' }, ['Shell on db-01 closed (exit 0)', 'Restart web service refused']],
    ['the principal', { text: 'training-operator restart' }, ['AWS-RunShellScript on 2 nodes']],
    ['the detail JSON', { text: 'systemctl' }, ['AWS-RunShellScript on 2 nodes']],
    ['non-ASCII detail', { text: 'ナイト' }, ['Capstan-RotateLogs on 1 node']],
    ['the error', { text: 'allowed hours' }, ['Restart web service refused']],
    ['an action', { actions: ['command.sent' as const] }, ['Capstan-RotateLogs on 1 node', 'AWS-RunShellScript on 2 nodes']],
    ['an outcome', { outcomes: ['failed' as const, 'refused' as const] }, ['Capstan-RotateLogs on 1 node', 'Restart web service refused']],
    ['a workspace', { workspaceId: 'profile:noc@eu-west-1' }, ['Shell on db-01 closed (exit 0)', 'Restart web service refused']],
    ['a time range (inclusive)', { from: Date.UTC(2026, 10, 1) + 2 * 60_000, to: Date.UTC(2026, 10, 1) + 3 * 60_000 }, ['Restart web service refused', 'AWS-RunShellScript on 2 nodes']],
    ['text and action together', { text: 'shell', actions: ['session.closed' as const] }, ['Shell on db-01 closed (exit 0)']],
  ])('filters by %s', async (_name, filter, expected) => {
    expect(await summaries(filter)).toEqual(expected);
    expect((await log.list(filter, 0, 50)).total).toBe(expected.length);
  });

  it('does not match a word found only in the hashes', async () => {
    const [entry] = (await log.list({}, 0, 1)).entries;
    expect(await summaries({ text: entry?.hash.slice(0, 12) ?? 'x' })).toEqual([]);
  });

  it('follows new entries in a text search it has already run', async () => {
    expect(await summaries({ text: 'web' })).toHaveLength(2);
    await log.append({ ...records[0]!, summary: 'Shell on web-02' });
    expect(await summaries({ text: 'web' })).toEqual(['Shell on web-02', 'Restart web service refused', 'Shell on web-01']);
  });

  it('exports matching lines oldest first, byte-identical to the file', async () => {
    const stored = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
    const all = await log.export({});
    expect(all.entries).toBe(6);
    expect(all.content).toBe(`${stored.join('\n')}\n`);
    expect(all.fileName).toMatch(/^capstan-audit-2026-11-01T00-0\d-00\.jsonl$/);
    const some = await log.export({ actions: ['command.sent'] });
    expect(some.content).toBe(`${stored[1]}\n${stored[5]}\n`);
    expect(await log.export({ text: 'nothing like this' })).toMatchObject({ entries: 0, content: '' });
  });

  it('skips an unreadable line in lists but still counts the rest', async () => {
    await log.close();
    const file = join(dir, 'audit.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[2] = 'this is not json';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `${lines.join('\n')}\n`);
    log = await AuditLog.open({ file });
    const page = await log.list({}, 0, 50);
    expect(page.total).toBe(5);
    expect(page.entries.map((e) => e.seq)).toEqual([6, 5, 4, 2, 1]);
  });
});

describe('AuditLog read back from the file', () => {
  it('indexes and verifies entries whose text imitates the structure around it', async () => {
    const tricky: AuditRecordInput = {
      actor: { ...profile, workspaceId: 'profile:"odd"@eu-west-1' },
      action: 'runbook.run',
      summary: 'ends with ","outcome":"failed","prevHash":"',
      targets: ['i-0fff'],
      detail: { hash: 'a'.repeat(64), outcome: 'failed', nested: { outcome: 'refused', prevHash: '0'.repeat(64), seq: 99 } },
      outcome: 'succeeded',
      error: null,
    };
    await log.append(tricky);
    await log.close();
    // A fresh open builds its index from the file alone.
    log = await AuditLog.open({ file: join(dir, 'audit.jsonl') });
    expect(await summaries({ actions: ['runbook.run'], outcomes: ['succeeded'] })).toEqual([tricky.summary]);
    expect(await summaries({ workspaceId: 'profile:"odd"@eu-west-1' })).toEqual([tricky.summary]);
    expect(await summaries({ outcomes: ['refused'] })).toEqual(['Restart web service refused']);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 7 });
  });
});
