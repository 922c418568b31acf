import { BugError } from '../errors/app-error';
import type { FleetNode } from '../../preload/contract/fleet';
import { GramIndex } from './fleet-gram-index';
import { assertNever, canPrefilter, columnMatch, normaliseText, tagToken } from './fleet-query';
import type { ColumnField, ParsedFilter } from './fleet-query';

// The quick filter as JS over a cached copy of a workspace's rows (the store worker's list
// cache): the twin of `filterToSql`, matching exactly what the SQL matches.

/**
 * Per term of a ParsedFilter, the rows (by position in the FilterRowSet) an inventory term
 * (`app:`, `product:`) selects: 1 for a node holding a matching entry. Entries for other terms
 * are unused. Built by the list cache from `resolveInventoryTerm`.
 */
export type InventoryMembers = ReadonlyArray<Uint8Array | undefined>;

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
  /** `position` (in the FilterRowSet the members were resolved for) is read by inventory terms only. */
  test: (row: FilterRow, position?: number) => boolean;
  /** The longest text every match's searchText contains, or null: lets a caller skip rows fast. */
  needle: string | null;
}

/**
 * The same terms as `filterToSql` as a JS test of one row, so the store worker can filter a cached
 * copy of a workspace without a query per keystroke. Matches exactly what the SQL matches: LIKE
 * folds ASCII letters only, and FilterRow columns are ASCII-lower-cased to compare.
 */
export function filterToPredicate(parsed: ParsedFilter, members: InventoryMembers = []): FilterPredicate {
  const { checks, needle } = compileFilter(parsed, members);
  return { test: (row, position = -1) => passes(row, position, checks), needle };
}

/** One term as data for `passes`: a test of one FilterRow field. */
interface Check {
  op: 'has' | 'starts' | 'equals' | 'oneOf' | 'member';
  key: keyof FilterRow;
  value: string;
  values: readonly string[];
  /** For 'member': 1 at the positions of the rows the term selects. */
  members: Uint8Array;
  negated: boolean;
}

const noMembers = new Uint8Array(0);

// Terms become data for one module-level loop rather than closures made per keystroke: the loop is
// optimised once and stays fast, where fresh closures would start cold on every keystroke.
function compileFilter(parsed: ParsedFilter, members: InventoryMembers): { checks: Check[]; needle: string | null } {
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
    members: noMembers,
    negated,
  });
  const checks = parsed.terms.map((term, index): Check => {
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
      case 'app':
      case 'product': {
        const set = members[index];
        if (!set) throw new BugError(`The ${term.kind}: term was not resolved against the inventory.`);
        return { ...check('member', 'searchText', '', term.negated), members: set };
      }
      default:
        return assertNever(term);
    }
  });
  return { checks, needle };
}

function passes(row: FilterRow, position: number, checks: readonly Check[]): boolean {
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
      case 'member':
        ok = c.members[position] === 1;
        break;
      default:
        ok = c.values.includes(field);
    }
    if (ok === c.negated) return false;
  }
  return true;
}

/**
 * Which rows a filter selects: bit `p & 31` of word `p >>> 5` is set for the row at position p.
 * Read-only: a set may be shared with the FilterRowSet's memo of needles.
 */
export interface RowMatches {
  bits: Uint32Array;
  total: number;
}

/** Does `matches` hold the row at `position`? */
export function hasRow(bits: Uint32Array, position: number): boolean {
  return ((bits[position >>> 5]! >>> (position & 31)) & 1) === 1;
}

/** Rows whose search text holds `needle`, with where it first occurs in each (null when unknown). */
interface NeedleRows extends RowMatches {
  needle: string;
  firstAt: Int32Array | null;
}

/** Brings a remembered needle's rows up to date with the row at `position`, whose text is now `text`. */
function remember(m: NeedleRows, position: number, text: string): void {
  const word = position >>> 5;
  const bit = 1 << (position & 31);
  if (word >= m.bits.length) {
    // An appended row past the set's words: grow both, the spare room for the rows still to come.
    const bits = new Uint32Array(Math.max(word + 1, m.bits.length * 2));
    bits.set(m.bits);
    m.bits = bits;
  }
  if (m.firstAt && position >= m.firstAt.length) {
    const firstAt = new Int32Array(Math.max(position + 1, m.firstAt.length * 2));
    firstAt.set(m.firstAt);
    m.firstAt = firstAt;
  }
  const at = text.indexOf(m.needle);
  const had = (m.bits[word]! & bit) !== 0;
  if (at < 0) {
    if (had) {
      m.bits[word]! &= ~bit;
      m.total -= 1;
    }
    return;
  }
  if (!had) {
    m.bits[word]! |= bit;
    m.total += 1;
  }
  if (m.firstAt) m.firstAt[position] = at;
}

// Needles remembered: the words of one typing burst, backspaces included. Each costs every write
// one search of the written row's text.
const NEEDLE_MEMO = 8;

/**
 * FilterRows the quick filter runs over keystroke after keystroke (the store worker's copy of a
 * workspace), with a GramIndex of their search texts kept in step with every put: a keystroke
 * reads the text of only the rows that hold every character pair of its needle, and none at all
 * for a needle of one or two characters. Writes between keystrokes (a sync re-tagging nodes)
 * update the rows they touch and leave nothing to rebuild.
 *
 * It also remembers the last needles' rows and where each first holds the needle, kept in step
 * with writes like the grams. Typing extends a needle, and only rows holding the shorter one can
 * hold the longer; where the shorter one first occurs, the longer one usually does too, so one
 * comparison at that place replaces a search of the whole text. And a needle typed again after a
 * sync re-tagged every node is answered at once. At 100,000 rows with a sync's sibling processes
 * busy on two cores, reading ~28,000 texts took 12-23 ms per keystroke ('web-', 'db-', 'cac').
 */
export class FilterRowSet {
  private readonly rows: FilterRow[] = [];
  private readonly grams = new GramIndex();
  // Each row's searchText again, in a plain array: the confirm step reads ~30,000 of them per
  // keystroke, and reaching them here instead of through each row object halved its time (4 ms
  // instead of 8-10 at 100,000 rows). A hand-written byte search over one buffer was slower still
  // than the engine's own includes.
  private readonly texts: string[] = [];
  private readonly pingCounts = new Map<string, number>();
  /** Most recent first; every put updates the written row in each (see remember). */
  private readonly memo: NeedleRows[] = [];

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
    this.texts[at] = row.searchText;
    this.rows[at] = row;
    if (!before || before.searchText !== row.searchText) for (const m of this.memo) remember(m, at, row.searchText);
    return at;
  }

  /** Which rows (by position) the filter selects, and how many; `members` answers its inventory terms. */
  match(parsed: ParsedFilter, members: InventoryMembers = []): RowMatches {
    const n = this.rows.length;
    if (parsed.terms.length === 0) {
      const bits = new Uint32Array((n + 31) >>> 5);
      bits.fill(0xffffffff);
      if (n & 31) bits[bits.length - 1] = (2 ** (n & 31) - 1) >>> 0;
      return { bits, total: n };
    }
    const { checks, needle } = compileFilter(parsed, members);
    const { rows } = this;
    const holding = needle ? this.needleRows(needle) : null;
    // The needle is tested there: a filter of that one word needs no other test.
    const rest = checks.filter((c) => !(c.op === 'has' && c.key === 'searchText' && c.value === needle && !c.negated));
    if (holding && rest.length === 0) return holding;
    const bits = new Uint32Array((n + 31) >>> 5);
    let total = 0;
    if (holding) {
      const from = holding.bits;
      for (let w = 0; w < from.length; w += 1) {
        let word = from[w]!;
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const i = w * 32 + 31 - Math.clz32(low);
          if (passes(rows[i]!, i, rest)) {
            bits[w]! |= low;
            total += 1;
          }
        }
      }
    } else {
      for (let i = 0; i < n; i += 1) {
        if (passes(rows[i]!, i, checks)) {
          bits[i >>> 5]! |= 1 << (i & 31);
          total += 1;
        }
      }
    }
    return { bits, total };
  }

  /** Rows whose search text holds `needle`: remembered, or narrowed from a shorter needle's rows. */
  private needleRows(needle: string): NeedleRows {
    const known = this.memo.find((m) => m.needle === needle);
    if (known) return known;
    const words = (this.rows.length + 31) >>> 5;
    const { bits: candidates, exact } = this.grams.candidates(needle);
    const bits = candidates.length === words ? candidates : candidates.slice(0, words);
    let found: NeedleRows;
    if (exact) {
      found = { needle, bits, total: popcount(bits), firstAt: null };
    } else {
      // The longest remembered needle inside this one: only its rows can hold this one.
      let within: NeedleRows | undefined;
      for (const m of this.memo) if (needle.includes(m.needle) && (!within || m.needle.length > within.needle.length)) within = m;
      if (within) for (let w = 0; w < words; w += 1) bits[w]! &= within.bits[w]!;
      // When it starts this needle, this needle first occurs at or after where it first did.
      const from = within?.firstAt && needle.startsWith(within.needle) ? within.firstAt : null;
      const firstAt = new Int32Array(this.rows.length);
      const { texts } = this;
      let total = 0;
      // Loops written out, not a callback per row: this runs for tens of thousands of rows a keystroke.
      for (let w = 0; w < words; w += 1) {
        let word = bits[w]!;
        let kept = word;
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const i = w * 32 + 31 - Math.clz32(low);
          const text = texts[i]!;
          let at: number;
          if (from) {
            const p = from[i]!;
            at = text.startsWith(needle, p) ? p : text.indexOf(needle, p + 1);
          } else {
            at = text.indexOf(needle);
          }
          if (at < 0) {
            kept ^= low;
          } else {
            firstAt[i] = at;
            total += 1;
          }
        }
        bits[w] = kept;
      }
      found = { needle, bits, total, firstAt };
    }
    this.memo.unshift(found);
    if (this.memo.length > NEEDLE_MEMO) this.memo.pop();
    return found;
  }
}

function popcount(bits: Uint32Array): number {
  let total = 0;
  for (let w = 0; w < bits.length; w += 1) {
    let x = bits[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}

const asciiUpper = /[A-Z]/;

/** Lower-cases ASCII letters only, as SQLite's LIKE and NOCASE fold them. */
export function asciiLower(value: string): string {
  // Most values are already lower-case: skip the copy for them.
  return asciiUpper.test(value) ? value.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : value;
}

