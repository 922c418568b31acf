import { describe, expect, it } from 'vitest';
import { licenceLimits } from '../../../../preload/contract/licences';
import { readLicenceCsv } from '../../../../main/licences/licence-csv-import';

const header = 'product,owned,match_kind,match,publisher,note';

function read(text: string) {
  const result = readLicenceCsv(text);
  if (!result.ok) throw new Error(`refused: ${result.problem.code} ${result.problem.message}`);
  return result;
}

describe('readLicenceCsv: rows', () => {
  it('reads good rows with their defaults: empty match_kind counts by product, empty match is the product', () => {
    const result = read(`${header}\nJava 8,5,,,,\nSQL Server,20,name,SQL Server,Microsoft,per core\n"Java 17",3`);
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, input: { product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '' } },
      { line: 3, input: { product: 'SQL Server', owned: 20, match: { kind: 'name', name: 'SQL Server', publisher: 'Microsoft' }, note: 'per core' } },
      { line: 4, input: { product: 'Java 17', owned: 3, match: { kind: 'product', product: 'Java 17' }, note: '' } },
    ]);
    expect(result.rowCount).toBe(3);
  });

  it('takes columns by name in any order, case and spacing', () => {
    const result = read('Owned, Product ,MATCH-KIND\n7,nginx 1.24,product\n');
    expect(result.rows[0]?.input).toEqual({ product: 'nginx 1.24', owned: 7, match: { kind: 'product', product: 'nginx 1.24' }, note: '' });
  });

  const bad: Array<[string, string, string, string]> = [
    ['missing product', ',5', 'missing-product', ''],
    ['missing owned', 'Java 8,', 'missing-owned', ''],
    ['owned not a whole number', 'Java 8,5.5', 'owned-not-whole', '5.5'],
    ['owned in words', 'Java 8,five', 'owned-not-whole', 'five'],
    ['owned with a thousands separator', 'Java 8,"1,000"', 'owned-not-whole', '1,000'],
    ['owned negative', 'Java 8,-3', 'owned-negative', '-3'],
    ['owned too large', `Java 8,${licenceLimits.maxOwned + 1}`, 'owned-too-large', String(licenceLimits.maxOwned + 1)],
    ['unknown match kind', 'Java 8,5,regex', 'unknown-match-kind', 'regex'],
    ['name match without a match', 'Java 8,5,name,', 'missing-match', ''],
    ['publisher with a product match', 'Java 8,5,product,,Oracle', 'publisher-needs-name-match', 'Oracle'],
    ['product too long', `${'x'.repeat(licenceLimits.productLength + 1)},5`, 'product-too-long', `${'x'.repeat(80)}…`],
    ['note too long', `Java 8,5,,,,${'n'.repeat(licenceLimits.noteLength + 1)}`, 'note-too-long', `${'n'.repeat(80)}…`],
    ['more fields than the header', 'Java 8,5,product,Java 8,,note,extra', 'too-many-fields', '7'],
    ['stray quote', 'Ja"va,5', 'stray-quote', ''],
  ];

  it.each(bad)('rejects %s with its line number and keeps the good rows around it', (_name, row, code, value) => {
    const result = read(`${header}\nGood A,1\n${row}\nGood B,2\n`);
    expect(result.rejected).toEqual([expect.objectContaining({ line: 3, code, value })]);
    expect(result.rejected[0]?.message).toMatch(/^Line 3: /);
    expect(result.rows.map((r) => [r.line, r.input.product])).toEqual([
      [2, 'Good A'],
      [4, 'Good B'],
    ]);
  });

  it('numbers rows after a multi-line quoted note by the line they start on', () => {
    const text = `${header}\nJava 8,5,,,,"first\nsecond\nthird"\nJava 11,-1\nJava 17,x\n`;
    const result = read(text);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.rows[0]?.input.note).toBe('first\nsecond\nthird');
    expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
      [5, 'owned-negative'],
      [6, 'owned-not-whole'],
    ]);
  });

  it('rejects a product repeated in the file (any case), naming the line it first appeared on', () => {
    const result = read(`${header}\nJava 8,5\nJava 11,2\njava 8,9\n`);
    expect(result.rows.map((r) => r.input.product)).toEqual(['Java 8', 'Java 11']);
    expect(result.rejected).toEqual([expect.objectContaining({ line: 4, code: 'duplicate-product', value: '2' })]);
  });

  it('reports an unclosed quote at the line it opened on and reads nothing after it as rows', () => {
    const result = read(`${header}\nJava 8,5\nJava 11,2,,,,"never closed\nJava 17,3\n`);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.rejected).toEqual([expect.objectContaining({ line: 3, code: 'unclosed-quote' })]);
  });

  it('handles a BOM and CRLF as Excel writes them', () => {
    const result = read(`\ufeff${header}\r\nJava 8,5\r\nJava 11,-2\r\n`);
    expect(result.rows.map((r) => [r.line, r.input.product])).toEqual([[2, 'Java 8']]);
    expect(result.rejected.map((r) => r.line)).toEqual([3]);
  });
});

describe('readLicenceCsv: whole-file refusals', () => {
  const refusals: Array<[string, string, string]> = [
    ['an empty file', '', 'empty'],
    ['only a BOM and blank lines', '\ufeff\n\n  \n', 'empty'],
    ['binary data', 'PK\u0003\u0004\u0000\u0000binary', 'binary'],
    ['text that was not UTF-8', 'product,owned\nJ\ufffdva,5', 'not-utf8'],
    ['no header (data first)', 'Java 8,5\nJava 11,2', 'no-header'],
    ['a header without owned', 'product,count\nJava 8,5', 'no-header'],
    ['semicolons between fields', 'product;owned\nJava 8;5', 'wrong-delimiter'],
    ['an unknown column', 'product,owned,colour\nJava 8,5,red', 'unknown-column'],
    ['a column named twice', 'product,owned,owned\nJava 8,5,5', 'duplicate-column'],
    ['a header and no rows', 'product,owned\n\n', 'no-rows'],
  ];

  it.each(refusals)('refuses %s with one message', (_name, text, code) => {
    const result = readLicenceCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe(code);
      expect(result.problem.message.length).toBeGreaterThan(10);
    }
  });

  it('refuses a file over the size limit and says the limit', () => {
    const text = `${header}\n${'Java 8,5,,,,'.padEnd(200, 'x')}\n`.repeat(Math.ceil(licenceLimits.csvBytes / 200) + 10);
    const result = readLicenceCsv(text);
    expect(result).toMatchObject({ ok: false, problem: { code: 'too-large' } });
    if (!result.ok) expect(result.problem.message).toContain(`${licenceLimits.csvBytes / 1024} KB`);
  });

  it('shows the header it found when there is none', () => {
    const result = readLicenceCsv('Java 8,5\n');
    expect(result).toMatchObject({ ok: false, problem: { code: 'no-header', value: 'Java 8,5' } });
  });
});
