import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LicenceInput, LicenceMatch } from '../../../../preload/contract/licences';
import { LicenceFile } from '../../../../main/licences/licence-file';
import { LicenceService } from '../../../../main/licences/licence-service';
import type { LicenceUsageStore } from '../../../../main/licences/licence-store';
import { licencesCsv } from '../../../../renderer/src/features/licences/licence-export';

// The service's own rules: one change at a time, unique products, nothing shown that is not on
// disk. Usage counting over SQL is tested against a real store in test/integration/licences.

let dir: string;
const usedBy = new Map<string, number>([['java 8', 12]]);
const usage: LicenceUsageStore = {
  usage: async ({ matches }) => matches.map((m: LicenceMatch) => (m.kind === 'product' ? (usedBy.get(m.product.toLowerCase()) ?? 0) : 0)),
  nodes: async () => ({ total: 0, nodes: [] }),
  products: async () => [],
};
const java8: LicenceInput = { product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '' };

function service(path = join(dir, 'licences.json')): LicenceService {
  return new LicenceService({ file: new LicenceFile(path, () => 1), usage, now: () => 42 });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-licence-service-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LicenceService', () => {
  it('reports used, over-use as a negative difference, and spare licences', async () => {
    const s = service();
    await s.save(undefined, java8);
    await s.save(undefined, { ...java8, product: 'Java 17', owned: 3, match: { kind: 'product', product: 'Java 17' } });
    const { licences } = await s.list(['training']);
    expect(licences.map((l) => [l.product, l.owned, l.used, l.difference])).toEqual([
      ['Java 8', 5, 12, -7],
      ['Java 17', 3, 0, 3],
    ]);
  });

  it('lets only one of two racing saves of the same product win', async () => {
    const s = service();
    const results = await Promise.allSettled([s.save(undefined, java8), s.save(undefined, { ...java8, product: 'JAVA 8 ', owned: 9 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'LicenceProductTaken', kind: 'validation' });
    expect((await s.list(['training'])).licences).toHaveLength(1);
  });

  it('renames a licence in place and refuses to edit one that was deleted', async () => {
    const s = service();
    const saved = await s.save(undefined, java8);
    const renamed = await s.save(saved.id, { ...java8, product: 'Oracle Java 8' });
    expect(renamed.id).toBe(saved.id);
    expect((await s.list(['training'])).licences.map((l) => l.product)).toEqual(['Oracle Java 8']);
    await s.delete(saved.id);
    await expect(s.save(saved.id, java8)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('shows nothing that did not reach the disk when a save fails', async () => {
    const path = join(dir, 'licences.json');
    const s = service(path);
    await s.save(undefined, java8);
    // Once loaded, a folder takes the file's place: the atomic rename onto it fails.
    rmSync(path);
    mkdirSync(join(path, 'inside'), { recursive: true });
    await expect(s.save(undefined, { ...java8, product: 'Java 11' })).rejects.toMatchObject({ code: 'LicenceFileNotSaved' });
    expect((await s.list(['training'])).licences.map((l) => l.product)).toEqual(['Java 8']);
  });

  it('imports in one save: an existing product is updated, a new one added, a bad row left out', async () => {
    const s = service();
    const first = await s.save(undefined, java8);
    const result = await s.importCsv('product,owned\r\njava 8,50\r\nJava 11,7\r\nJava 17,-1\r\n');
    expect(result).toMatchObject({ status: 'imported', rows: 3, created: 1, updated: 1, rejected: [{ line: 4, code: 'owned-negative' }] });
    const onDisk = JSON.parse(readFileSync(join(dir, 'licences.json'), 'utf8')) as { licences: Array<{ id: string; product: string; owned: number }> };
    expect(onDisk.licences.map((l) => [l.product, l.owned])).toEqual([
      ['java 8', 50],
      ['Java 11', 7],
    ]);
    expect(onDisk.licences[0]?.id).toBe(first.id);
  });

  it('writes nothing for a refused file', async () => {
    const s = service();
    expect(await s.importCsv('not,a,licence,file\n1,2,3,4\n')).toMatchObject({ status: 'refused', problem: { code: 'no-header' } });
    expect(() => readFileSync(join(dir, 'licences.json'))).toThrow();
  });

  it('tells the operator once the file was set aside, and starts empty without touching it', async () => {
    writeFileSync(join(dir, 'licences.json'), '[garbage');
    const list = await service().list(['training']);
    expect(list.licences).toEqual([]);
    expect(list.recovery).toMatchObject({ reason: 'corrupt' });
    expect(readFileSync(list.recovery?.movedTo ?? '', 'utf8')).toBe('[garbage');
  });

  it('keeps the counting rule and note of a licence an import updates when the file names neither', async () => {
    const s = service();
    const rule: LicenceMatch = { kind: 'name', name: 'SQL Server', publisher: 'Microsoft' };
    await s.save(undefined, { product: 'X', owned: 2, match: rule, note: 'per core, renews in March' });
    expect(await s.importCsv('product,owned\nX,7\n')).toMatchObject({ status: 'imported', updated: 1, rejected: [] });
    expect((await s.list(['training'])).licences).toEqual([expect.objectContaining({ product: 'X', owned: 7, match: rule, note: 'per core, renews in March' })]);

    // A file that names the note (and no rule) changes the note only.
    await s.importCsv('product,owned,note\nX,8,\n');
    expect((await s.list(['training'])).licences[0]).toMatchObject({ owned: 8, match: rule, note: '' });
  });

  it('imports its own export back unchanged, formula guards included', async () => {
    const s = service();
    await s.save(undefined, { product: '-Legacy ERP', owned: 3, match: { kind: 'name', name: '-Legacy ERP', publisher: '@corp' }, note: '=SUM(A1)' });
    await s.save(undefined, { product: "'quoted already", owned: 1, match: { kind: 'product', product: '+Plus' }, note: "'not a guard" });
    const before = (await s.list(['training'])).licences;

    const copy = service(join(dir, 'copy.json'));
    expect(await copy.importCsv(licencesCsv(before))).toMatchObject({ status: 'imported', created: 2, rejected: [] });
    const after = (await copy.list(['training'])).licences;
    const strip = (l: (typeof before)[number]) => ({ product: l.product, owned: l.owned, match: l.match, note: l.note });
    expect(after.map(strip)).toEqual(before.map(strip));
  });

  it('rejects a name match shorter than 3 characters, on the line that has it', async () => {
    const result = await service().importCsv('product,owned,match_kind,match\nAnything,1,name,a\nSQL,2,name,SQL\n');
    expect(result).toMatchObject({ status: 'imported', created: 1, rejected: [{ line: 2, code: 'match-too-short', value: 'a' }] });
    expect(result.status === 'imported' && result.rejected[0]?.message).toMatch(/at least 3 characters/);
  });
});
