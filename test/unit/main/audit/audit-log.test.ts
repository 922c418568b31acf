import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditAction, AuditOutcome } from '../../../../preload/contract/audit';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../../../main/audit/audit-canonical';
import { AuditLog, type AuditRecordInput } from '../../../../main/audit/audit-log';
import { brokenLinkKindOf } from '../../../../main/audit/audit-reasons';

let dir: string;
let file: string;
const opened: AuditLog[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-audit-'));
  file = join(dir, 'audit.jsonl');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close().catch(() => {})));
  rmSync(dir, { recursive: true, force: true });
});

async function openLog(options: { now?: () => number; log?: (message: string) => void } = {}): Promise<AuditLog> {
  const log = await AuditLog.open({ file, ...options });
  opened.push(log);
  return log;
}

function record(n: number, patch: Partial<AuditRecordInput> = {}): AuditRecordInput {
  return {
    actor: { operator: 'alice', principal: 'arn:aws:iam::123456789012:user/training-operator', workspaceId: 'training', accountId: '123456789012', region: 'eu-west-1' },
    action: 'command.sent' as AuditAction,
    summary: `AWS-RunShellScript on ${n} nodes`,
    targets: [`i-${String(n).padStart(17, '0')}`],
    detail: { documentName: 'AWS-RunShellScript', n },
    outcome: 'succeeded' as AuditOutcome,
    error: null,
    ...patch,
  };
}

async function writeEntries(count: number): Promise<string[]> {
  const log = await openLog();
  for (let n = 1; n <= count; n += 1) await log.append(record(n));
  await log.close();
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

describe('AuditLog chain', () => {
  it('writes one canonical line per entry, linked by hash, numbered from 1', async () => {
    const lines = await writeEntries(3);
    expect(lines).toHaveLength(3);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    for (const [i, entry] of entries.entries()) {
      expect(entry.hash).toBe(entryHash(entry));
      expect(lines[i]).toBe(canonicalJson(entry));
    }
    const log = await openLog();
    expect(await log.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  const swap = (lines: string[], a: number, b: number) => lines.map((line, i) => (i === a ? lines[b] : i === b ? lines[a] : line) as string);
  const editSummary = (line: string, rehash: boolean) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    entry.summary = 'nothing happened here';
    if (rehash) entry.hash = entryHash(entry);
    return canonicalJson(entry);
  };
  const cases: Array<{ name: string; tamper: (lines: string[]) => string[]; line: number; kind: 'edited' | 'unlinked' | 'unreadable' }> = [
    { name: 'an edited line', tamper: (l) => l.map((line, i) => (i === 2 ? editSummary(line, false) : line)), line: 3, kind: 'edited' },
    { name: 'an edited line whose own hash was recomputed', tamper: (l) => l.map((line, i) => (i === 2 ? editSummary(line, true) : line)), line: 4, kind: 'unlinked' },
    { name: 'a line reformatted (same content, other spacing)', tamper: (l) => l.map((line, i) => (i === 1 ? JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, '') : line)), line: 2, kind: 'edited' },
    { name: 'a field added by hand', tamper: (l) => l.map((line, i) => (i === 3 ? line.replace(/^\{/, '{"approvedBy":"bob",') : line)), line: 4, kind: 'edited' },
    { name: 'a deleted line', tamper: (l) => l.filter((_, i) => i !== 2), line: 3, kind: 'unlinked' },
    { name: 'the first line deleted', tamper: (l) => l.slice(1), line: 1, kind: 'unlinked' },
    { name: 'two lines swapped', tamper: (l) => swap(l, 1, 2), line: 2, kind: 'unlinked' },
    { name: 'an unparseable line', tamper: (l) => l.map((line, i) => (i === 3 ? line.slice(0, 40) : line)), line: 4, kind: 'unreadable' },
    { name: 'a line that is JSON but not an entry', tamper: (l) => l.map((line, i) => (i === 0 ? '{"hello":"world"}' : line)), line: 1, kind: 'unreadable' },
  ];

  it.each(cases)('verify finds $name at line $line', async ({ tamper, line, kind }) => {
    const lines = await writeEntries(5);
    writeFileSync(file, `${tamper(lines).join('\n')}\n`);
    const log = await openLog();
    const result = await log.verify();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.firstBrokenLine).toBe(line);
    expect(brokenLinkKindOf(result.reason)).toBe(kind);
    expect(result.reason).toContain(`line ${line}`);
  });

  it('keeps appending after a broken file without rewriting it, and verify keeps naming the first break', async () => {
    const lines = await writeEntries(4);
    writeFileSync(file, `${lines.map((line, i) => (i === 1 ? editSummary(line, false) : line)).join('\n')}\n`);
    const before = readFileSync(file);
    const messages: string[] = [];
    const log = await openLog({ log: (m) => messages.push(m) });
    const added = await log.append(record(9));
    expect(added.seq).toBe(5);
    expect(added.prevHash).toBe((JSON.parse(lines[3] as string) as { hash: string }).hash);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(await log.verify()).toMatchObject({ ok: false, firstBrokenLine: 2 });
  });

  it('sees the newest lines deleted while the log is open, which the links alone cannot show', async () => {
    const log = await openLog();
    for (let n = 1; n <= 4; n += 1) await log.append(record(n));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, entries: 2, firstBrokenLine: 3 });
    if (!result.ok) expect(brokenLinkKindOf(result.reason)).toBe('truncated');
    // The same check on the file untouched passes.
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('sees an edit made while the log is open, even one that moves the lines after it', async () => {
    const log = await openLog();
    for (let n = 1; n <= 3; n += 1) await log.append(record(n));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[0] = (lines[0] as string).replace('"summary":"AWS-RunShellScript', '"summary":"A longer, harmless-looking AWS-RunShellScript');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await log.verify()).toMatchObject({ ok: false, entries: 3, firstBrokenLine: 1, reason: expect.stringMatching(/^line 1 was edited/) });
  });

  it('sets a torn last line aside in a sibling file, reports it, and carries on from the line before', async () => {
    const lines = await writeEntries(3);
    const fragment = (lines[2] as string).slice(0, 57);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n${fragment}`);
    const messages: string[] = [];
    const log = await openLog({ log: (m) => messages.push(m) });
    expect(log.recovery.tornTail).toMatchObject({ bytes: Buffer.byteLength(fragment) });
    const aside = readdirSync(dir).filter((name) => name.startsWith('audit.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe(fragment);
    expect(messages.some((m) => m.includes('cut short') && m.includes(aside[0] as string))).toBe(true);
    const next = await log.append(record(4));
    expect(next.seq).toBe(3);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('keeps a last line that only lost its newline', async () => {
    const lines = await writeEntries(3);
    writeFileSync(file, lines.join('\n'));
    const log = await openLog();
    expect(log.recovery.tornTail).toBeNull();
    expect((await log.append(record(4))).seq).toBe(4);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('gives 100 parallel appends 100 ordered, linked lines, each resolved with its own entry', async () => {
    const log = await openLog();
    const seen: number[] = [];
    log.onAppended((entry) => seen.push(entry.seq));
    const entries = await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(record(i + 1))));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Queued in call order: the n-th call wrote the n-th line.
    expect(entries.map((e) => e.detail.n)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(seen).toEqual(entries.map((e) => e.seq));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100);
    expect(lines.map((line) => (JSON.parse(line) as { hash: string }).hash)).toEqual(entries.map((e) => e.hash));
    expect(await log.verify()).toMatchObject({ ok: true, entries: 100 });
  });

  it('refuses an entry outside the contract without writing it or breaking the chain', async () => {
    const log = await openLog();
    await log.append(record(1));
    await expect(log.append(record(2, { action: 'coffee.made' as AuditAction }))).rejects.toThrow(/refused/);
    expect((await log.append(record(3))).seq).toBe(2);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses appends once closed', async () => {
    const log = await openLog();
    await log.close();
    await expect(log.append(record(1))).rejects.toMatchObject({ code: 'AuditLogClosed' });
  });
});

describe('AuditLog and a file changed while it is open', () => {
  it('lists the file as it now is and keeps appending at its end', async () => {
    const log = await openLog();
    for (let n = 1; n <= 4; n += 1) await log.append(record(n));
    expect((await log.list({}, 0, 10)).total).toBe(4);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // A line removed behind Capstan's back: the offsets it remembered no longer fit.
    writeFileSync(file, `${lines.filter((_, i) => i !== 1).join('\n')}\n`);
    const page = await log.list({}, 0, 10);
    expect(page.entries.map((e) => e.seq)).toEqual([4, 3, 1]);
    // seq is the line number: the next entry is line 4 of the file as it now is.
    const next = await log.append(record(5));
    expect(next.seq).toBe(4);
    expect((await log.list({}, 0, 10)).entries.map((e) => e.detail.n)).toEqual([5, 4, 3, 1]);
    expect(await log.verify()).toMatchObject({ ok: false, firstBrokenLine: 2 });
  });
});

describe('AuditLog that cannot be opened', () => {
  it('says which file and what to do, and never replaces it', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(file);
    await expect(AuditLog.open({ file })).rejects.toMatchObject({ code: 'AuditLogUnavailable', message: expect.stringContaining(file), hint: expect.stringContaining('writable') });
    expect(readdirSync(file)).toEqual([]);
  });
});
