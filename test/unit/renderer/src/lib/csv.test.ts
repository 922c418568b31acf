import { describe, expect, it } from 'vitest';
import { UTF8_BOM, buildCsv, csvCell, csvFileName } from '../../../../../renderer/src/lib/csv';

describe('CSV cells (RFC 4180)', () => {
  it.each([
    ['plain', 'openjdk-17-jre', 'openjdk-17-jre'],
    ['comma', 'Oracle, Inc.', '"Oracle, Inc."'],
    ['quote', 'Java(TM) "SE"', '"Java(TM) ""SE"""'],
    ['newline', 'line1\nline2', '"line1\nline2"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['empty', '', ''],
    ['Japanese', '日本語 パッケージ', '日本語 パッケージ'],
  ])('%s', (_label, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes null and undefined as empty cells and numbers as numbers', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(412)).toBe('412');
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('CSV injection', () => {
  it.each([
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tlead-tab', "'\tlead-tab"],
    ['\rlead-cr', `"'\rlead-cr"`],
  ])('%j is made text with a leading apostrophe', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves a formula character that is not the first alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('1.8.0-openjdk')).toBe('1.8.0-openjdk');
  });
});

describe('CSV file', () => {
  it('starts with a UTF-8 BOM, has a header, and ends every line with CRLF', () => {
    const csv = buildCsv(['Name', 'Nodes'], [['java-17-amazon-corretto', 412], ['=evil', null]]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe("Name,Nodes\r\njava-17-amazon-corretto,412\r\n'=evil,\r\n");
  });

  it('round-trips through a strict RFC 4180 reading', () => {
    const rows = [['a,b', 'c"d', 'e\nf', '日本']];
    const body = buildCsv(['h1', 'h2', 'h3', 'h4'], rows).slice(1);
    expect(parseRfc4180(body)).toEqual([['h1', 'h2', 'h3', 'h4'], ...rows]);
  });

  it('names the file after the subject and the local day', () => {
    const day = new Date(2026, 10, 27, 23, 59);
    expect(csvFileName('java', day)).toBe('capstan-inventory-java-2026-11-27.csv');
    expect(csvFileName('Java 8', day)).toBe('capstan-inventory-java-8-2026-11-27.csv');
    expect(csvFileName('Microsoft Visual C++ 2019 "x64" / Café', day)).toBe('capstan-inventory-microsoft-visual-c-2019-x64-cafe-2026-11-27.csv');
    expect(csvFileName('../../etc/passwd', day)).toBe('capstan-inventory-etc-passwd-2026-11-27.csv');
    expect(csvFileName('***', day)).toBe('capstan-inventory-2026-11-27.csv');
    expect(csvFileName('Training fleet', day, 'licences')).toBe('capstan-licences-training-fleet-2026-11-27.csv');
    expect(csvFileName('x'.repeat(300), day)).toHaveLength('capstan-inventory-'.length + 60 + '-2026-11-27.csv'.length);
  });
});

/** A strict reader for the test only: quoted fields, doubled quotes, CRLF records. */
function parseRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          field += text[i];
          i += 1;
        }
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += text[i];
      i += 1;
    }
  }
  return records;
}
