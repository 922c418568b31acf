/**
 * RFC 4180 reading with line numbers: fields separated by commas, records by CRLF (LF or a lone
 * CR are accepted too, as spreadsheets on other systems write them), fields in double quotes may
 * hold commas, newlines and doubled quotes. Each record carries the line it starts on, counted the
 * way an editor counts, so a multi-line quoted note does not shift the numbers of later rows.
 *
 * No CSV library is installed in this project and none may be added from here (see the report);
 * this is a small character-level state machine, not a split on commas.
 */

/** One record: its fields, or why it could not be read. */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are then what could be read. */
  problem?: { code: 'unclosed-quote' | 'stray-quote'; message: string };
}

/** Reads every record of `text`; a leading byte-order mark is dropped and blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = input.length;

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let problem: CsvRecord['problem'];
    let field = '';
    let atRecordEnd = false;

    while (!atRecordEnd) {
      if (input[i] === '"') {
        // Quoted field: runs to the next lone quote; "" is one quote; newlines inside are text.
        const quoteLine = line;
        i += 1;
        let closed = false;
        while (i < n) {
          const c = input[i] as string;
          if (c === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (c === '\r' || c === '\n') {
            line += 1;
            // CRLF inside a field stays CRLF in the value but counts as one line.
            if (c === '\r' && input[i + 1] === '\n') {
              field += '\r\n';
              i += 2;
              continue;
            }
          }
          field += c;
          i += 1;
        }
        if (!closed) {
          problem ??= { code: 'unclosed-quote', message: `The quoted field opened on line ${quoteLine} is never closed.` };
        } else if (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
          // Text after the closing quote ("abc"def): keep reading it so the record ends in the right place.
          problem ??= { code: 'stray-quote', message: `Text follows a closing quote on line ${line}; put the whole field in quotes.` };
          while (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') field += input[i++];
        }
      } else {
        while (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
          if (input[i] === '"') {
            problem ??= {
              code: 'stray-quote',
              message: `A quote inside an unquoted field on line ${line}; put the field in quotes and double the quote ("").`,
            };
          }
          field += input[i++];
        }
      }

      fields.push(field);
      field = '';
      if (i >= n) {
        atRecordEnd = true;
      } else if (input[i] === ',') {
        i += 1;
        // A trailing comma at the end of the input still opens one more (empty) field.
        if (i >= n) {
          fields.push('');
          atRecordEnd = true;
        }
      } else {
        i += input[i] === '\r' && input[i + 1] === '\n' ? 2 : 1;
        line += 1;
        atRecordEnd = true;
      }
    }

    // A line of nothing (or only spaces) is no record: spreadsheets leave them at the end.
    const blank = fields.length === 1 && (fields[0] as string).trim() === '' && !problem;
    if (!blank) records.push({ line: startLine, fields, ...(problem ? { problem } : {}) });
  }
  return records;
}
