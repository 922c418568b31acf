import { BugError, ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import type { FleetNode, PingStatus } from '../../preload/contract/fleet';
import { appTermOf, inventoryTermClause, productTermOf } from './fleet-inventory-filter';
import type { InventoryTerm } from './fleet-inventory-filter';

/** Fields the quick filter understands, in the order error messages list them. */
export const filterFields = ['name', 'id', 'ping', 'platform', 'agent', 'ip', 'account', 'region', 'tag', 'app', 'product'] as const;
export type FilterField = (typeof filterFields)[number];

/** Fields matched as text against one column. */
export type ColumnField = Exclude<FilterField, 'ping' | 'tag' | 'platform' | 'app' | 'product'>;

/** One term of a parsed quick filter; all terms are AND'd. */
export type FilterTerm =
  | { kind: 'text'; value: string; negated: boolean }
  | { kind: 'column'; field: ColumnField; value: string; negated: boolean }
  | { kind: 'ping'; statuses: PingStatus[]; negated: boolean }
  | { kind: 'platform-type'; platformType: 'Linux' | 'Windows' | 'MacOS'; negated: boolean }
  | { kind: 'platform-name'; value: string; negated: boolean }
  | { kind: 'tag'; key: string; value: string | null; negated: boolean }
  | InventoryTerm;

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
export const columnMatch: Record<ColumnField, { column: string; prefix: boolean; inSearchText: boolean }> = {
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
          throw new ValidationError(errorText('filter.unclosedQuote'), { hint: errorText('filter.unclosedQuoteHint') });
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
    throw new ValidationError(errorText('filter.unknownField', { field: fieldMatch[1], fields: fieldList }), {
      hint: errorText('filter.unknownFieldHint'),
    });
  }
  if (field === 'tag') return tagTerm(rest, negated);

  const value = joinSegments(rest);
  if (value === '') throw new ValidationError(errorText('filter.valueMissing', { field, example: exampleFor(field) }));
  if (field === 'ping') {
    const statuses = pingValues[value.toLowerCase()];
    if (!statuses) throw new ValidationError(errorText('filter.pingValue', { value }));
    return { kind: 'ping', statuses, negated };
  }
  if (field === 'platform') {
    const platformType = platformTypes[value.toLowerCase()];
    return platformType ? { kind: 'platform-type', platformType, negated } : { kind: 'platform-name', value, negated };
  }
  if (field === 'app') return appTermOf(value, negated);
  if (field === 'product') return productTermOf(value, negated);
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
    throw new ValidationError(errorText('filter.tagKeyMissing'));
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
    app: 'app:openjdk',
    product: 'product:"Java 8"',
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
      case 'app':
      case 'product':
        clause = inventoryTermClause(term, param);
        break;
      default:
        return assertNever(term);
    }
    clauses.push(term.negated ? `NOT (${clause})` : clause);
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}

// The search_text shortcut must never drop a row the column test keeps: fine for a positive term
// in printable ASCII, where JS lower-casing and SQLite's LIKE folding agree letter for letter.
export function canPrefilter(term: { value: string; negated: boolean }): boolean {
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

/** The search_text fragment a `tag:` term looks for. */
export function tagToken(key: string, value: string | null): string {
  return value === null ? `${RS}${normaliseText(key)}${US}` : `${RS}${normaliseText(key)}${US}${normaliseText(value)}${RS}`;
}

/** Text as search_text holds it: control characters as spaces, lower-cased. */
export function normaliseText(value: string): string {
  return value.replace(controlChars, ' ').toLowerCase();
}

/** Ends an exhaustive switch over filter terms. */
export function assertNever(value: never): never {
  throw new BugError(`Unhandled filter term: ${JSON.stringify(value)}`);
}
