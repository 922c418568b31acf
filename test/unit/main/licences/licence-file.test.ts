import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Licence } from '../../../../preload/contract/licences';
import { LICENCE_FILE_VERSION, LicenceFile } from '../../../../main/licences/licence-file';

let dir: string;
const at = Date.UTC(2026, 10, 27, 6, 30, 0);
const java8: Licence = { id: 'lic-00000000-java8', product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '', updatedAt: at };
const sql: Licence = {
  id: 'lic-00000000-mssql',
  product: 'SQL Server',
  owned: 12,
  match: { kind: 'name', name: 'SQL Server', publisher: 'Microsoft' },
  note: 'per core, "enterprise"\nrenewal in March',
  updatedAt: at,
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-licences-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('LicenceFile', () => {
  it('reads nothing when no file exists yet, and reads back what it saved', async () => {
    const file = new LicenceFile(join(dir, 'licences.json'), () => at);
    expect(await file.load()).toEqual({ licences: [], recovery: null });
    await file.save([java8, sql]);
    const again = new LicenceFile(join(dir, 'licences.json'), () => at);
    expect(await again.load()).toEqual({ licences: [java8, sql], recovery: null });
    const json = JSON.parse(readFileSync(join(dir, 'licences.json'), 'utf8')) as { format: string; version: number };
    expect(json).toMatchObject({ format: 'capstan.licences', version: LICENCE_FILE_VERSION });
  });

  it('leaves no temp file behind and replaces the whole file on each save', async () => {
    const file = new LicenceFile(join(dir, 'licences.json'), () => at);
    await file.save([java8, sql]);
    await file.save([sql]);
    expect(readdirSync(dir)).toEqual(['licences.json']);
    expect((await file.load()).licences).toEqual([sql]);
  });

  it('keeps the old file whole when a save cannot finish, and says the change was not kept', async () => {
    const file = new LicenceFile(join(dir, 'licences.json'), () => at);
    await file.save([java8]);
    // Swap the target for a folder: the rename onto it fails after the temp file was written.
    const blocked = new LicenceFile(join(dir, 'blocked'), () => at);
    mkdirSync(join(dir, 'blocked', 'inside'), { recursive: true });
    await expect(blocked.save([sql])).rejects.toMatchObject({ code: 'LicenceFileNotSaved', kind: 'store' });
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'licences.json']);
    expect((await file.load()).licences).toEqual([java8]);
  });

  it.each([
    ['not JSON', '{"format":"capstan.licences", "licences": [', 'corrupt', /not JSON/],
    ['the wrong shape', JSON.stringify({ format: 'capstan.licences', version: 1, savedAt: 1, licences: { product: 'x' } }), 'corrupt', /licences/],
    ['written by a newer Capstan', JSON.stringify({ format: 'capstan.licences', version: 99, savedAt: 1, licences: [] }), 'newer-than-app', /version 99/],
  ])('moves a file that is %s aside, never empties it, and says where it went', async (_name, body, reason, detail) => {
    const path = join(dir, 'licences.json');
    writeFileSync(path, body);
    const loaded = await new LicenceFile(path, () => at).load();
    expect(loaded.licences).toEqual([]);
    expect(loaded.recovery).toMatchObject({ reason, at });
    expect(loaded.recovery?.detail).toMatch(detail);
    const movedTo = loaded.recovery?.movedTo ?? '';
    expect(movedTo).toMatch(reason === 'corrupt' ? /licences\.json\.corrupt-2026-11-27T06-30-00-000Z$/ : /licences\.json\.newer-2026-11-27T06-30-00-000Z$/);
    expect(readFileSync(movedTo, 'utf8')).toBe(body);
    expect(existsSync(path)).toBe(false);
  });

  it('does not overwrite an earlier moved-aside file from the same moment', async () => {
    const path = join(dir, 'licences.json');
    writeFileSync(path, 'first broken');
    const first = await new LicenceFile(path, () => at).load();
    writeFileSync(path, 'second broken');
    const second = await new LicenceFile(path, () => at).load();
    expect(second.recovery?.movedTo).toBe(`${first.recovery?.movedTo}-1`);
    expect(readFileSync(first.recovery?.movedTo ?? '', 'utf8')).toBe('first broken');
  });

  it('keeps the good records of a file with bad ones, sets the file aside whole, and says which were skipped and why', async () => {
    const path = join(dir, 'licences.json');
    const tiny = { ...sql, id: 'lic-00000000-tiny1', product: 'Tiny', match: { kind: 'name', name: 'a', publisher: '' } };
    const twice = { ...java8, id: 'lic-00000000-again', product: 'JAVA 8' };
    const body = JSON.stringify({ format: 'capstan.licences', version: 1, savedAt: 1, licences: [java8, { ...sql, owned: 2.5 }, tiny, sql, twice] });
    writeFileSync(path, body);
    const loaded = await new LicenceFile(path, () => at).load();
    expect(loaded.licences).toEqual([java8, sql]);
    expect(loaded.recovery).toMatchObject({ reason: 'records-skipped', at, detail: '3 of 5 records unreadable' });
    expect(loaded.recovery?.skipped).toEqual([
      { record: 2, product: 'SQL Server', detail: expect.stringMatching(/^owned: /) },
      { record: 3, product: 'Tiny', detail: expect.stringMatching(/^match\.name: .*at least 3 characters/) },
      { record: 5, product: 'JAVA 8', detail: 'product appears twice' },
    ]);
    expect(readFileSync(loaded.recovery?.movedTo ?? '', 'utf8')).toBe(body);
    // The good records are on disk again at once: a restart before any change still has them.
    expect(await new LicenceFile(path, () => at).load()).toEqual({ licences: [java8, sql], recovery: null });
  });
});
