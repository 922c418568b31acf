// CSV for spreadsheets (RFC 4180), written here rather than with a library: the writing side is a
// dozen lines, and no CSV package is installed for the renderer (see the report to the lead).

/** One cell as the caller has it; null and undefined become an empty cell. */
export type CsvCell = string | number | null | undefined;

// Excel, LibreOffice and Sheets run a cell that starts with one of these as a formula (OWASP "CSV
// injection"); a leading apostrophe makes them show it as text instead.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
/** Byte order mark: without it Excel reads UTF-8 as the system code page and mangles 日本語 and é. */
export const UTF8_BOM = '\uFEFF';

/** One cell, made formula-safe and quoted when RFC 4180 requires it. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers are ours (counts), never operator data: "-1" stays a number, not text.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: BOM, a header row, then the rows, each line ending in CRLF as RFC 4180 says. */
export function buildCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * `capstan-inventory-java-2026-11-27.csv`: the subject made file-name safe, the local date; `kind`
 * names the screen exporting (`capstan-licences-…`).
 */
export function csvFileName(subject: string, date: Date, kind = 'inventory'): string {
  const slug = subject
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `capstan-${kind}-${slug ? `${slug}-` : ''}${day}.csv`;
}

/** Hands a CSV to the browser as a download (a Blob URL and a temporary `<a download>`). */
export function downloadCsv(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a tick later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
