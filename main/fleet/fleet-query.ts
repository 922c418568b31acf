import { BugError, ValidationError } from '../errors/app-error';
import type { FleetNode, PingStatus } from '../../preload/contract/fleet';
import { GramIndex } from './fleet-gram-index';

/** Fields the quick filter understands, in the order error messages list them. */
export const filterFields = ['name', 'id', 'ping', 'platform', 'agent', 'ip', 'account', 'region', 'tag'] as const;
export type FilterField = (typeof filterFields)[number];

/** Fields matched as text against one column. */
type ColumnField = Exclude<FilterField, 'ping' | 'tag' | 'platform'>;

/** One term of a parsed quick filter; all terms are AND'd. */
export type FilterTerm =
  | { kind: 'text'; value: string; negated: boolean }
  | { kind: 'column'; field: ColumnField; value: string; negated: boolean }
  | { kind: 'ping'; statuses: PingStatus[]; negated: boolean }
  | { kind: 'platform-type'; platformType: 'Linux' | 'Windows' | 'MacOS'; negated: boolean }
  | { kind: 'platform-name'; value: string; negated: boolean }
  | { kind: 'tag'; key: string; value: string | null; negated: boolean };

/** The quick filter as structured terms, ready for `filterToSql`. */
export interface ParsedFilter {
  terms: FilterTerm[];
}

/** A WHERE fragment over the `nodes` table and its named parameters (never spliced values). */
export interface FilterSql {
  where: string;
  params: Record<string, unknown>;
}

// search_text layout: base fields joined by '\n', then the tag part. The tag part starts at the
// first RS (U+001E) and holds RS key US value ... RS, so `tag:` terms match whole keys and values
// and the repo can swap the tag part without re-reading the node (see fleet-repo).
const RS = '\u001e';
const US = '\u001f';
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/g;

const pingValues: Record<string, PingStatus[]> = {
  online: ['Online'],
  offline: ['ConnectionLost', 'Inactive'],
  connectionlost: ['ConnectionLost'],
  inactive: ['Inactive'],
};

const platformTypes: Record<string, 'Linux' | 'Windows' | 'MacOS'> = {
  linux: 'Linux',
  windows: 'Windows',
  macos: 'MacOS',
};

// Column fields: which column, whether the value must match the start (ids and addresses an
// operator types left to right) or anywhere (names), and whether search_text holds the column too.
const columnMatch: Record<ColumnField, { column: string; prefix: boolean; inSearchText: boolean }> = {
  name: { column: 'name', prefix: false, inSearchText: true },
  id: { column: 'instance_id', prefix: false, inSearchText: true },
  agent: { column: 'agent_version', prefix: true, inSearchText: true },
  ip: { column: 'ip_address', prefix: true, inSearchText: true },
  account: { column: 'account_id', prefix: true, inSearchText: false },
  region: { column: 'region', prefix: true, inSearchText: false },
};

const fieldList = filterFields.join(', ');

interface Segment {
  text: string;
  quoted: boolean;
}

/** Parses quick-filter text: free words, "quoted phrases", field:value terms, leading `-` to negate. */
export function parseFleetFilter(text: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

  // A word is a run of bare and "quoted" segments up to unquoted whitespace, as in a shell.
  const readWord = (): Segment[] => {
    const segments: Segment[] = [];
    while (i < text.length && !isSpace(text[i])) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) {
          throw new ValidationError('Unclosed quote in filter.', { hint: 'Add the closing " or remove the opening one.' });
        }
        segments.push({ text: text.slice(i + 1, close), quoted: true });
        i = close + 1;
      } else {
        const start = i;
        while (i < text.length && !isSpace(text[i]) && text[i] !== '"') i += 1;
        segments.push({ text: text.slice(start, i), quoted: false });
      }
    }
    return segments;
  };

  while (i < text.length) {
    if (isSpace(text[i])) {
      i += 1;
      continue;
    }
    // A lone '-' is a word of its own; '-x' negates x.
    const negated = text[i] === '-' && i + 1 < text.length && !isSpace(text[i + 1]);
    if (negated) i += 1;
    const segments = readWord();
    const term = toTerm(segments, negated);
    if (term) terms.push(term);
  }
  return { terms };
}

function toTerm(segments: Segment[], negated: boolean): FilterTerm | null {
  const first = segments[0];
  const fieldMatch = first && !first.quoted ? /^([A-Za-z]+):/.exec(first.text) : null;
  if (!fieldMatch?.[1]) {
    const value = joinSegments(segments);
    return value.trim() === '' ? null : { kind: 'text', value, negated };
  }
  const field = fieldMatch[1].toLowerCase();
  const rest: Segment[] = [{ text: first!.text.slice(fieldMatch[0].length), quoted: false }, ...segments.slice(1)];
  if (!isFilterField(field)) {
    throw new ValidationError(`Unknown filter field '${fieldMatch[1]}'. Use one of: ${fieldList}.`, {
      hint: 'To search for text that contains ":", put it in quotes.',
    });
  }
  if (field === 'tag') return tagTerm(rest, negated);

  const value = joinSegments(rest);
  if (value === '') throw new ValidationError(`${field}: expects a value, e.g. ${exampleFor(field)}.`);
  if (field === 'ping') {
    const statuses = pingValues[value.toLowerCase()];
    if (!statuses) throw new ValidationError(`ping: expects online, offline, connectionlost or inactive, got '${value}'.`);
    return { kind: 'ping', statuses, negated };
  }
  if (field === 'platform') {
    const platformType = platformTypes[value.toLowerCase()];
    return platformType ? { kind: 'platform-type', platformType, negated } : { kind: 'platform-name', value, negated };
  }
  return { kind: 'column', field, value, negated };
}

// tag:Key=Value splits at the first '=' outside quotes, so tag:"a=b"=c names the key "a=b".
function tagTerm(segments: Segment[], negated: boolean): FilterTerm {
  let key = '';
  let value: string | null = null;
  for (const segment of segments) {
    const eq = segment.quoted || value !== null ? -1 : segment.text.indexOf('=');
    if (eq >= 0) {
      key += segment.text.slice(0, eq);
      value = segment.text.slice(eq + 1);
    } else if (value === null) {
      key += segment.text;
    } else {
      value += segment.text;
    }
  }
  if (key === '') {
    throw new ValidationError('tag: expects a tag key, e.g. tag:Environment=prod or tag:Environment.');
  }
  return { kind: 'tag', key, value, negated };
}

function isFilterField(field: string): field is FilterField {
  return (filterFields as readonly string[]).includes(field);
}

function joinSegments(segments: Segment[]): string {
  return segments.map((s) => s.text).join('');
}

function exampleFor(field: Exclude<FilterField, 'tag'>): string {
  const examples: Record<Exclude<FilterField, 'tag'>, string> = {
    name: 'name:web',
    id: 'id:i-0abc',
    ping: 'ping:online',
    platform: 'platform:linux',
    agent: 'agent:3.2',
    ip: 'ip:10.0.',
    account: 'account:123456789012',
    region: 'region:eu-west-1',
  };
  return examples[field];
}

/** Turns parsed terms into a WHERE fragment; an empty filter yields `1` (matches every row). */
export function filterToSql(parsed: ParsedFilter): FilterSql {
  const params: Record<string, unknown> = {};
  const clauses: string[] = [];
  let n = 0;
  const param = (value: unknown): string => {
    const name = `filter${n++}`;
    params[name] = value;
    return `@${name}`;
  };
  const searchTextContains = (value: string): string => `search_text LIKE ${param(`%${escapeLike(normaliseText(value))}%`)} ESCAPE '\\'`;

  for (const term of parsed.terms) {
    let clause: string;
    switch (term.kind) {
      case 'text':
        // search_text is lower-cased in JS when written, so lower-casing here in JS matches any
        // script (SQLite's own case folding is ASCII only); LIKE scans faster than instr.
        clause = searchTextContains(term.value);
        break;
      case 'column': {
        const { column, prefix, inSearchText } = columnMatch[term.field];
        const pattern = `${prefix ? '' : '%'}${escapeLike(term.value)}%`;
        clause = `${column} LIKE ${param(pattern)} ESCAPE '\\'`;
        // The column is also in search_text, which the filter index holds: testing that first
        // leaves the table read for rows that can match (same result, far fewer reads).
        if (inSearchText && canPrefilter(term)) clause = `${searchTextContains(term.value)} AND ${clause}`;
        break;
      }
      case 'ping':
        clause = `ping_status IN (${term.statuses.map((s) => param(s)).join(', ')})`;
        break;
      case 'platform-type':
        clause = `platform_type = ${param(term.platformType)} COLLATE NOCASE`;
        break;
      case 'platform-name':
        clause = `platform_name LIKE ${param(`%${escapeLike(term.value)}%`)} ESCAPE '\\'`;
        if (canPrefilter(term)) clause = `${searchTextContains(term.value)} AND ${clause}`;
        break;
      case 'tag':
        clause = `search_text LIKE ${param(`%${escapeLike(tagToken(term.key, term.value))}%`)} ESCAPE '\\'`;
        break;
      default:
        return assertNever(term);
    }
    clauses.push(term.negated ? `NOT (${clause})` : clause);
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}

/**
 * The columns of one node the quick filter reads, as `filterToPredicate` tests them: build it with
 * `toFilterRow`, which lower-cases the columns once so a keystroke does not.
 */
export interface FilterRow {
  /** search_text as stored (already lower-cased by `buildSearchText`). */
  searchText: string;
  /** The columns below are ASCII-lower-cased (`asciiLower`), as LIKE compares them. */
  name: string;
  instanceId: string;
  pingStatus: string;
  platformType: string;
  platformName: string;
  agentVersion: string;
  ipAddress: string;
  accountId: string;
  region: string;
}

/** A FilterRow from a node's columns and its stored search_text. */
export function toFilterRow(
  node: Pick<FleetNode, 'name' | 'instanceId' | 'pingStatus' | 'platformType' | 'platformName' | 'agentVersion' | 'ipAddress' | 'accountId' | 'region'>,
  searchText: string,
): FilterRow {
  return {
    searchText,
    name: asciiLower(node.name),
    instanceId: asciiLower(node.instanceId),
    pingStatus: node.pingStatus,
    platformType: asciiLower(node.platformType),
    platformName: asciiLower(node.platformName),
    agentVersion: asciiLower(node.agentVersion),
    ipAddress: asciiLower(node.ipAddress),
    accountId: asciiLower(node.accountId),
    region: asciiLower(node.region),
  };
}

/** The FilterRow key each column field reads. */
const rowKey: Record<ColumnField, keyof FilterRow> = {
  name: 'name',
  id: 'instanceId',
  agent: 'agentVersion',
  ip: 'ipAddress',
  account: 'accountId',
  region: 'region',
};

/** A quick filter as JS: `test` decides a row; every row it accepts has `needle` in its searchText. */
export interface FilterPredicate {
  test: (row: FilterRow) => boolean;
  /** The longest text every match's searchText contains, or null: lets a caller skip rows fast. */
  needle: string | null;
}

/**
 * The same terms as `filterToSql` as a JS test of one row, so the store worker can filter a cached
 * copy of a workspace without a query per keystroke. Matches exactly what the SQL matches: LIKE
 * folds ASCII letters only, and FilterRow columns are ASCII-lower-cased to compare.
 */
export function filterToPredicate(parsed: ParsedFilter): FilterPredicate {
  const { checks, needle } = compileFilter(parsed);
  return { test: (row) => passes(row, checks), needle };
}

/** One term as data for `passes`: a test of one FilterRow field. */
interface Check {
  op: 'has' | 'starts' | 'equals' | 'oneOf';
  key: keyof FilterRow;
  value: string;
  values: readonly string[];
  negated: boolean;
}

// Terms become data for one module-level loop rather than closures made per keystroke: the loop is
// optimised once and stays fast, where fresh closures would start cold on every keystroke.
function compileFilter(parsed: ParsedFilter): { checks: Check[]; needle: string | null } {
  let needle: string | null = null;
  // A positive term whose matches all hold `text` in their search text offers it as the needle.
  const offer = (term: { negated: boolean }, text: string): void => {
    if (!term.negated && (needle === null || text.length > needle.length)) needle = text;
  };
  const check = (op: Check['op'], key: keyof FilterRow, value: string, negated: boolean, values: readonly string[] = []): Check => ({
    op,
    key,
    value,
    values,
    negated,
  });
  const checks = parsed.terms.map((term): Check => {
    switch (term.kind) {
      case 'text': {
        const text = normaliseText(term.value);
        offer(term, text);
        return check('has', 'searchText', text, term.negated);
      }
      case 'column': {
        // The column is in search_text too, where printable ASCII lower-cases the same way.
        if (columnMatch[term.field].inSearchText && canPrefilter(term)) offer(term, normaliseText(term.value));
        return check(columnMatch[term.field].prefix ? 'starts' : 'has', rowKey[term.field], asciiLower(term.value), term.negated);
      }
      case 'ping':
        return check('oneOf', 'pingStatus', '', term.negated, term.statuses);
      case 'platform-type':
        offer(term, normaliseText(term.platformType));
        return check('equals', 'platformType', asciiLower(term.platformType), term.negated);
      case 'platform-name':
        if (canPrefilter(term)) offer(term, normaliseText(term.value));
        return check('has', 'platformName', asciiLower(term.value), term.negated);
      case 'tag': {
        const token = tagToken(term.key, term.value);
        offer(term, token);
        return check('has', 'searchText', token, term.negated);
      }
      default:
        return assertNever(term);
    }
  });
  return { checks, needle };
}

function passes(row: FilterRow, checks: readonly Check[]): boolean {
  for (let i = 0; i < checks.length; i += 1) {
    const c = checks[i]!;
    const field = row[c.key];
    let ok: boolean;
    switch (c.op) {
      case 'has':
        ok = field.includes(c.value);
        break;
      case 'starts':
        ok = field.startsWith(c.value);
        break;
      case 'equals':
        ok = field === c.value;
        break;
      default:
        ok = c.values.includes(field);
    }
    if (ok === c.negated) return false;
  }
  return true;
}

/**
 * FilterRows the quick filter runs over keystroke after keystroke (the store worker's copy of a
 * workspace), with a GramIndex of their search texts kept in step with every put: a keystroke
 * reads the text of only the rows that hold every character pair of its needle, and none at all
 * for a needle of one or two characters. Writes between keystrokes (a sync re-tagging nodes)
 * update the rows they touch and leave nothing to rebuild.
 */
export class FilterRowSet {
  private readonly rows: FilterRow[] = [];
  private readonly grams = new GramIndex();
  private readonly pingCounts = new Map<string, number>();

  /** How many rows the set holds. */
  get length(): number {
    return this.rows.length;
  }

  /** The row at a position. */
  at(position: number): FilterRow | undefined {
    return this.rows[position];
  }

  /** How many rows have each ping status (kept in step with put, so the summary counts nothing). */
  countByPing(): ReadonlyMap<string, number> {
    return this.pingCounts;
  }

  /** Replaces the row at `position`, or appends when it is undefined; returns the row's position. */
  put(position: number | undefined, row: FilterRow): number {
    const at = position ?? this.rows.length;
    const before = this.rows[at];
    if (before) this.pingCounts.set(before.pingStatus, (this.pingCounts.get(before.pingStatus) ?? 0) - 1);
    this.pingCounts.set(row.pingStatus, (this.pingCounts.get(row.pingStatus) ?? 0) + 1);
    if (!before) {
      this.grams.add(at, row.searchText);
    } else if (before.searchText !== row.searchText) {
      this.grams.remove(at, before.searchText);
      this.grams.add(at, row.searchText);
    }
    this.rows[at] = row;
    return at;
  }

  /** Which rows (by position) the filter selects, and how many. */
  match(parsed: ParsedFilter): { matched: Uint8Array; total: number } {
    const matched = new Uint8Array(this.rows.length);
    let total = 0;
    if (parsed.terms.length === 0) return { matched: matched.fill(1), total: this.rows.length };
    const { checks, needle } = compileFilter(parsed);
    const { rows } = this;
    if (needle) {
      // The needle is tested here: a filter of that one word needs no other test.
      const rest = checks.filter((c) => !(c.op === 'has' && c.key === 'searchText' && c.value === needle && !c.negated));
      const { bits, exact } = this.grams.candidates(needle);
      for (let w = 0; w < bits.length; w += 1) {
        let word = bits[w]!;
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const i = w * 32 + 31 - Math.clz32(low);
          const row = rows[i]!;
          if ((exact || row.searchText.includes(needle)) && (rest.length === 0 || passes(row, rest))) {
            matched[i] = 1;
            total += 1;
          }
        }
      }
    } else {
      for (let i = 0; i < rows.length; i += 1) {
        if (passes(rows[i]!, checks)) {
          matched[i] = 1;
          total += 1;
        }
      }
    }
    return { matched, total };
  }
}

const asciiUpper = /[A-Z]/;

/** Lower-cases ASCII letters only, as SQLite's LIKE and NOCASE fold them. */
export function asciiLower(value: string): string {
  // Most values are already lower-case: skip the copy for them.
  return asciiUpper.test(value) ? value.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : value;
}

// The search_text shortcut must never drop a row the column test keeps: fine for a positive term
// in printable ASCII, where JS lower-casing and SQLite's LIKE folding agree letter for letter.
function canPrefilter(term: { value: string; negated: boolean }): boolean {
  return !term.negated && /^[\x20-\x7e]*$/.test(term.value);
}

/** Escapes LIKE wildcards so `%` and `_` typed by the operator match themselves (ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The lower-cased text free words are matched against: name, ids, address, platform, agent, tags. */
export function buildSearchText(
  node: Pick<FleetNode, 'name' | 'instanceId' | 'computerName' | 'ipAddress' | 'platformType' | 'platformName' | 'platformVersion' | 'agentVersion'>,
  tags: FleetNode['tags'],
): string {
  return buildBaseSearchText(node) + buildTagSearchText(tags);
}

/** The part of search_text that does not depend on tags (never contains the tag separator). */
export function buildBaseSearchText(
  node: Pick<FleetNode, 'name' | 'instanceId' | 'computerName' | 'ipAddress' | 'platformType' | 'platformName' | 'platformVersion' | 'agentVersion'>,
): string {
  return [
    node.name,
    node.instanceId,
    node.computerName,
    node.ipAddress,
    node.platformType,
    node.platformName,
    node.platformVersion,
    node.agentVersion,
  ]
    .map(normaliseText)
    .join('\n');
}

/** The tag part of search_text: RS key US value RS key US value RS, or '' without tags. */
export function buildTagSearchText(tags: FleetNode['tags']): string {
  if (tags.length === 0) return '';
  return RS + tags.map((t) => `${normaliseText(t.key)}${US}${normaliseText(t.value)}`).join(RS) + RS;
}

/** The separator that starts the tag part of search_text, for SQL that swaps that part. */
export const tagPartSeparator = RS;

function tagToken(key: string, value: string | null): string {
  return value === null ? `${RS}${normaliseText(key)}${US}` : `${RS}${normaliseText(key)}${US}${normaliseText(value)}${RS}`;
}

function normaliseText(value: string): string {
  return value.replace(controlChars, ' ').toLowerCase();
}

function assertNever(value: never): never {
  throw new BugError(`Unhandled filter term: ${JSON.stringify(value)}`);
}
