import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvRecord } from '../../../../main/licences/licence-csv';

type Case = [name: string, text: string, expected: Array<Pick<CsvRecord, 'line' | 'fields'> & { problem?: string }>];

const cases: Case[] = [
  ['plain LF rows', 'a,b\nc,d\n', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
  ['CRLF rows, no final newline', 'a,b\r\nc,d', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
  ['lone CR rows (old spreadsheets)', 'a\rb\r', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['b'] }]],
  ['byte-order mark dropped', '\ufeffproduct,owned\n', [{ line: 1, fields: ['product', 'owned'] }]],
  ['quoted comma', '"Java 8, Oracle",5\n', [{ line: 1, fields: ['Java 8, Oracle', '5'] }]],
  ['doubled quotes', '"say ""hi""",1', [{ line: 1, fields: ['say "hi"', '1'] }]],
  ['empty quoted and unquoted fields', ',"",x', [{ line: 1, fields: ['', '', 'x'] }]],
  ['trailing comma gives an empty last field', 'a,b,', [{ line: 1, fields: ['a', 'b', ''] }]],
  [
    'multi-line quoted field keeps later line numbers true',
    'h1,h2\n"line one\nline two\nline three",x\nnext,y\n',
    [
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['line one\nline two\nline three', 'x'] },
      { line: 5, fields: ['next', 'y'] },
    ],
  ],
  [
    'CRLF inside a quoted field counts as one line',
    'a\r\n"x\r\ny",1\r\nb,2\r\n',
    [
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['x\r\ny', '1'] },
      { line: 4, fields: ['b', '2'] },
    ],
  ],
  ['blank and whitespace-only lines skipped, numbering kept', 'a\n\n   \nb\n', [{ line: 1, fields: ['a'] }, { line: 4, fields: ['b'] }]],
  ['unclosed quote swallows to the end and says where it opened', 'a\n"open,1\nb,2\n', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['open,1\nb,2\n'], problem: 'unclosed-quote' }]],
  ['quote inside an unquoted field', 'ab"c,1\nd,2', [{ line: 1, fields: ['ab"c', '1'], problem: 'stray-quote' }, { line: 2, fields: ['d', '2'] }]],
  ['text after a closing quote', '"ab"cd,1\ne,2', [{ line: 1, fields: ['abcd', '1'], problem: 'stray-quote' }, { line: 2, fields: ['e', '2'] }]],
  ['Japanese text', '製品,5\n', [{ line: 1, fields: ['製品', '5'] }]],
];

describe('parseCsv (RFC 4180 with line numbers)', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const records = parseCsv(text).map((r) => ({ line: r.line, fields: r.fields, ...(r.problem ? { problem: r.problem.code } : {}) }));
    expect(records).toEqual(expected);
  });

  it('names the line a never-closed quote opened on', () => {
    const [, broken] = parseCsv('h\n\n"never closed\nmore');
    expect(broken?.problem?.message).toContain('line 3');
  });
});
