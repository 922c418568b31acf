import { licenceLimits, type CsvFileProblem, type CsvRowProblem, type LicenceInput } from '../../preload/contract/licences';
import { parseCsv, type CsvRecord } from './licence-csv';

/**
 * The licence CSV: a header row `product,owned[,match_kind][,match][,publisher][,note]` (columns
 * by name, any order, case-insensitive), then one licence per row. Every bad row is reported with
 * the line it starts on and the reason; good rows are kept. The export's used and difference
 * columns are skipped, so an exported table imports again. A file that is not CSV text, or has no
 * such header, is refused whole with one message.
 */

/** The columns a licence CSV may have, as the header names them. */
export const licenceCsvColumns = ['product', 'owned', 'match_kind', 'match', 'publisher', 'note'] as const;
type Column = (typeof licenceCsvColumns)[number];
/** Columns the screen's export adds; read back, they are ignored, so an exported file imports as is. */
const reportColumns = ['used', 'difference'];

/** A row that passed every check, with the line it came from. */
export interface LicenceCsvRow {
  line: number;
  input: LicenceInput;
}

/** Which parts of a licence the file sets; an update changes only these and keeps the rest. */
export interface LicenceCsvColumns {
  /** The header names match_kind, match or publisher: the counting rule is the row's. */
  match: boolean;
  note: boolean;
}

/** A file read: its good rows and rejected lines, or why the whole file was refused. */
export type LicenceCsvReading =
  | { ok: true; rows: LicenceCsvRow[]; rejected: CsvRowProblem[]; rowCount: number; sets: LicenceCsvColumns }
  | { ok: false; problem: CsvFileProblem };

const headerHelp = 'The first line must be the header: product,owned[,match_kind][,match][,publisher][,note].';

function refuse(code: CsvFileProblem['code'], value: string, message: string): LicenceCsvReading {
  return { ok: false, problem: { code, value, message } };
}

function clip(text: string, max = 80): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

function hasBinary(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0b && code !== 0x0c) return true;
  }
  return false;
}

/** Refusals that need no parsing: size, emptiness, binary data, a failed UTF-8 decode. */
function checkText(text: string): LicenceCsvReading | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > licenceLimits.csvBytes) {
    return refuse('too-large', String(bytes), `The file is ${Math.ceil(bytes / 1024)} KB; a licence CSV can be at most ${licenceLimits.csvBytes / 1024} KB. Split it into smaller files.`);
  }
  if (text.replace(/^\ufeff/, '').trim() === '') return refuse('empty', '', `The file is empty. ${headerHelp}`);
  // NUL or other control characters (besides tab, CR, LF) do not occur in text a spreadsheet saves.
  if (hasBinary(text)) {
    return refuse('binary', '', 'This is not a CSV text file (it holds binary data). Choose a .csv file saved as text.');
  }
  if (text.includes('\ufffd')) {
    return refuse('not-utf8', '', 'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and import it again.');
  }
  return null;
}

// The export guards operator text that a spreadsheet would run as a formula with one leading
// apostrophe (renderer/src/lib/csv.ts); reading it back drops exactly that one.
const GUARDED_FORMULA = /^'[=+\-@\t\r]/;

function unguard(value: string): string {
  return GUARDED_FORMULA.test(value) ? value.slice(1) : value;
}

function headerKey(field: string): string {
  return field.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Column positions from the header record, or why it is not a licence header. */
function readHeader(record: CsvRecord, firstLine: string): { columns: Map<Column, number> } | LicenceCsvReading {
  const keys = record.fields.map(headerKey);
  if (keys.length === 1 && /[;\t]/.test(record.fields[0] as string) && /product/i.test(record.fields[0] as string)) {
    return refuse('wrong-delimiter', clip(firstLine), 'Fields are separated by semicolons or tabs; save the file as CSV with commas between fields.');
  }
  if (record.problem || !keys.includes('product') || !keys.includes('owned')) {
    return refuse('no-header', clip(firstLine), `${headerHelp} Found: ${clip(firstLine)}`);
  }
  const columns = new Map<Column, number>();
  for (const [index, key] of keys.entries()) {
    if (reportColumns.includes(key)) continue;
    if (!(licenceCsvColumns as readonly string[]).includes(key)) {
      return refuse('unknown-column', clip(record.fields[index] as string), `Unknown column "${clip(record.fields[index] as string)}" in the header. ${headerHelp}`);
    }
    if (columns.has(key as Column)) return refuse('duplicate-column', key, `The header names the column "${key}" twice.`);
    columns.set(key as Column, index);
  }
  return { columns };
}

type RowCheck = { ok: true; input: LicenceInput } | { ok: false; code: CsvRowProblem['code']; value: string; message: string };

function tooLong(value: string, max: number): boolean {
  return [...value].length > max;
}

/** The checks of one data row, in the order an operator would fix them. */
function checkRow(get: (column: Column) => string): RowCheck {
  const fail = (code: CsvRowProblem['code'], value: string, message: string): RowCheck => ({ ok: false, code, value: clip(value), message });
  const product = get('product').trim();
  if (!product) return fail('missing-product', '', 'The product is empty.');
  if (tooLong(product, licenceLimits.productLength)) return fail('product-too-long', product, `The product is longer than ${licenceLimits.productLength} characters.`);

  const ownedText = get('owned').trim();
  if (!ownedText) return fail('missing-owned', '', 'The owned count is empty.');
  if (/^-\s*\d+(?:\.\d*)?$/.test(ownedText)) return fail('owned-negative', ownedText, `The owned count ${ownedText} is negative; use 0 or more.`);
  if (!/^\+?\d+$/.test(ownedText)) return fail('owned-not-whole', ownedText, `The owned count "${clip(ownedText)}" is not a whole number (write digits only, e.g. 250).`);
  const owned = Number(ownedText);
  if (owned > licenceLimits.maxOwned) return fail('owned-too-large', ownedText, `The owned count ${ownedText} is more than ${licenceLimits.maxOwned}.`);

  const kind = get('match_kind').trim().toLowerCase() || 'product';
  if (kind !== 'product' && kind !== 'name') return fail('unknown-match-kind', get('match_kind').trim(), `Unknown match_kind "${clip(get('match_kind').trim())}"; use product or name.`);
  const match = get('match').trim();
  const publisher = get('publisher').trim();
  if (tooLong(publisher, licenceLimits.publisherLength)) return fail('publisher-too-long', publisher, `The publisher is longer than ${licenceLimits.publisherLength} characters.`);
  const note = get('note');
  if (tooLong(note, licenceLimits.noteLength)) return fail('note-too-long', note, `The note is longer than ${licenceLimits.noteLength} characters.`);

  if (kind === 'product') {
    if (publisher) return fail('publisher-needs-name-match', publisher, 'A publisher is used only with match_kind name; leave it empty or set match_kind to name.');
    const counted = match || product;
    if (tooLong(counted, licenceLimits.productLength)) return fail('match-too-long', counted, `The match is longer than ${licenceLimits.productLength} characters.`);
    return { ok: true, input: { product, owned, match: { kind: 'product', product: counted }, note } };
  }
  if (!match) return fail('missing-match', '', 'match_kind name needs a match: part of the application name, e.g. "SQL Server".');
  if ([...match].length < licenceLimits.nameMatchMin) {
    return fail('match-too-short', match, `The name match "${match}" is too short; use at least ${licenceLimits.nameMatchMin} characters of the application name.`);
  }
  if (tooLong(match, licenceLimits.matchLength)) return fail('match-too-long', match, `The match is longer than ${licenceLimits.matchLength} characters.`);
  return { ok: true, input: { product, owned, match: { kind: 'name', name: match, publisher }, note } };
}

/** Reads a licence CSV: the rows to upsert, and every rejected row with its line number and reason. */
export function readLicenceCsv(text: string): LicenceCsvReading {
  const refused = checkText(text);
  if (refused) return refused;
  const records = parseCsv(text);
  const [head, ...data] = records;
  if (!head) return refuse('empty', '', `The file is empty. ${headerHelp}`);
  const firstLine = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const header = readHeader(head, firstLine);
  if ('ok' in header) return header;
  if (data.length === 0) return refuse('no-rows', '', 'The file has a header but no licence rows.');

  const { columns } = header;
  const rows: LicenceCsvRow[] = [];
  const rejected: CsvRowProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of data) {
    const reject = (code: CsvRowProblem['code'], value: string, message: string): void => {
      rejected.push({ line: record.line, code, value, message: `Line ${record.line}: ${message}` });
    };
    if (record.problem) {
      reject(record.problem.code, '', record.problem.message);
      continue;
    }
    if (record.fields.length > head.fields.length) {
      reject('too-many-fields', String(record.fields.length), `${record.fields.length} fields, but the header has ${head.fields.length}; put values with commas in quotes.`);
      continue;
    }
    const checked = checkRow((column) => {
      const index = columns.get(column);
      return index === undefined ? '' : unguard(record.fields[index] ?? '');
    });
    if (!checked.ok) {
      reject(checked.code, checked.value, checked.message);
      continue;
    }
    const key = checked.input.product.toLowerCase();
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      reject('duplicate-product', String(first), `The product "${clip(checked.input.product)}" is already on line ${first}; each product once.`);
      continue;
    }
    firstLineOf.set(key, record.line);
    rows.push({ line: record.line, input: checked.input });
  }
  const sets = { match: columns.has('match_kind') || columns.has('match') || columns.has('publisher'), note: columns.has('note') };
  return { ok: true, rows, rejected, rowCount: data.length, sets };
}
