import { MERGED_POSITION_BITS } from '../../../../preload/contract/fleet';
import type { FleetNode, FleetPage, MirrorOrder, MirrorPage, MirrorRow } from '../../../../preload/contract/fleet';
import { FilterRowSet, hasRow, toFilterRow } from '../../../../main/fleet/fleet-filter-rows';
import { parseFleetFilter } from '../../../../main/fleet/fleet-query';
import type { ParsedFilter } from '../../../../main/fleet/fleet-query';

/**
 * The renderer's copy of one workspace's grid rows, position for position as main's list cache holds
 * them, with the same FilterRowSet the store worker filters. A keystroke is then answered inside its
 * own input event: the round trip to main (~15 ms) plus React's render made the rows miss the first
 * frame after every key, and the keystroke took two frames more than the box's echo (grid bench).
 */
export class WorkspaceMirror {
  /** The list cache the rows came from; null until the first page. */
  serial: number | null = null;
  /** Every change of main's cache up to this version is in the copy; -1 until a pass completed. */
  version = -1;
  rows = new FilterRowSet();
  private nodes: FleetNode[] = [];
  // Values most rows share (platform, agent, account, region, tag keys and values) as one string
  // each: at 100,000 rows separate copies from each message cost tens of megabytes.
  private readonly shared = new Map<string, string>();

  constructor(readonly workspaceId: string) {}

  /** Rows in the copy: positions 0 … length-1. */
  get length(): number {
    return this.nodes.length;
  }

  /** The node at a position of main's list cache. */
  nodeAt(position: number): FleetNode | undefined {
    return this.nodes[position];
  }

  /**
   * Applies a page of main's rows. A page from another cache (main rebuilt it) starts the copy
   * again. Returns false when the page does not fit the copy (a position past its end): the
   * copy is then emptied, to be read again from scratch.
   */
  apply(page: Pick<MirrorPage, 'serial' | 'rows'>): boolean {
    if (page.serial !== this.serial) this.reset(page.serial);
    for (const row of page.rows) {
      if (row.position > this.nodes.length) {
        this.reset(null);
        return false;
      }
      const before = this.nodes[row.position];
      const node = this.toNode(row, before);
      // Most rows a sync rewrites changed only their last ping time, which the filter does not read.
      if (!before || !sameFilterFields(before, node) || this.rows.at(row.position)?.searchText !== row.searchText) {
        this.rows.put(before ? row.position : undefined, toFilterRow(node, row.searchText));
      }
      this.nodes[row.position] = node;
    }
    return true;
  }

  /** Empties the copy (its memory goes with it). */
  reset(serial: number | null): void {
    this.serial = serial;
    this.version = -1;
    this.rows = new FilterRowSet();
    this.nodes = [];
    this.shared.clear();
  }

  private share(value: string): string {
    const known = this.shared.get(value);
    if (known !== undefined) return known;
    // Renamed values would pile up for the app's life: past this many, sharing starts afresh.
    if (this.shared.size >= SHARED_MAX) this.shared.clear();
    this.shared.set(value, value);
    return value;
  }

  // A value equal to the row's previous one keeps that (shared) string: comparing two short strings
  // is cheaper than hashing the new one, and most rows a sync rewrites repeat nearly every value.
  private toNode(row: MirrorRow, before: FleetNode | undefined): FleetNode {
    const s = (value: string, old: string | undefined): string => (old === value ? old : this.share(value));
    return {
      workspaceId: this.workspaceId,
      instanceId: before?.instanceId === row.instanceId ? before.instanceId : row.instanceId,
      name: before?.name === row.name ? before.name : row.name,
      computerName: before?.computerName === row.computerName ? before.computerName : row.computerName,
      pingStatus: row.pingStatus,
      lastPingAt: row.lastPingAt,
      platformType: s(row.platformType, before?.platformType),
      platformName: s(row.platformName, before?.platformName),
      platformVersion: s(row.platformVersion, before?.platformVersion),
      agentVersion: s(row.agentVersion, before?.agentVersion),
      isLatestVersion: row.isLatestVersion,
      ipAddress: before?.ipAddress === row.ipAddress ? before.ipAddress : row.ipAddress,
      resourceType: s(row.resourceType, before?.resourceType),
      accountId: s(row.accountId, before?.accountId),
      region: s(row.region, before?.region),
      tags:
        before && sameTags(before.tags, row.tags)
          ? before.tags
          : // A Name is the node's own: sharing it would only fill the map.
            row.tags.map((tag) => ({ key: this.share(tag.key), value: tag.key === 'Name' ? tag.value : this.share(tag.value) })),
      vanishedAt: null,
    };
  }
}

function sameTags(a: FleetNode['tags'], b: MirrorRow['tags']): boolean {
  return a.length === b.length && a.every((tag, i) => tag.key === b[i]!.key && tag.value === b[i]!.value);
}

const filterFields = ['name', 'instanceId', 'pingStatus', 'platformType', 'platformName', 'agentVersion', 'ipAddress', 'accountId', 'region'] as const;

/** Do two nodes agree on every column a FilterRow holds (see toFilterRow)? */
function sameFilterFields(a: FleetNode, b: FleetNode): boolean {
  return filterFields.every((field) => a[field] === b[field]);
}

// Distinct shared values (platforms, agents, accounts, regions, tag keys and values) a copy keeps.
const SHARED_MAX = 50_000;

/** A sort order from main, as the mirrors use it. */
export interface HeldOrder {
  stamp: number;
  caches: MirrorOrder['caches'];
  /** Ascending; one workspace: positions, several: workspace index << 25 | position (see mirrorOrderSchema). */
  entries: Int32Array;
  /** Per workspace (as in caches), one past the highest position the order places. */
  reach: number[];
}

const POSITION_MASK = (1 << MERGED_POSITION_BITS) - 1;

/** Which copy an order entry is in (see mirrorOrderSchema): always the first of one workspace's. */
function copyOf(entry: number, several: boolean): number {
  return several ? entry >>> MERGED_POSITION_BITS : 0;
}

/** The position in its copy of an order entry. */
function positionOf(entry: number, several: boolean): number {
  return several ? entry & POSITION_MASK : entry;
}

/** An order as main sent it, with how far into each workspace's positions it reaches. */
export function heldOrder(answer: Pick<MirrorOrder, 'stamp' | 'caches'>, entries: Int32Array): HeldOrder {
  const several = answer.caches.length > 1;
  const reach = answer.caches.map(() => 0);
  for (const entry of entries) {
    const w = copyOf(entry, several);
    const position = positionOf(entry, several);
    if (position >= reach[w]!) reach[w] = position + 1;
  }
  return { stamp: answer.stamp, caches: answer.caches, entries, reach };
}

/**
 * Can the copies answer with this order? Same caches (serials), and every position it places is in
 * its copy. Versions may differ: an order read before a catch-up's last rows, or a copy partly
 * through applying a large change, answers as main did a moment before or after, like a read that
 * crossed a write; the grid reads again once the catch-up is done (FleetMirrors.onCaughtUp).
 */
export function orderFits(order: HeldOrder, mirrors: readonly WorkspaceMirror[]): boolean {
  return (
    order.caches.length === mirrors.length &&
    order.caches.every((c, i) => {
      const m = mirrors[i]!;
      return m.workspaceId === c.workspaceId && m.serial === c.serial && m.version >= 0 && order.reach[i]! <= m.length;
    })
  );
}

/**
 * The filter parsed, or null when main should answer it: bad text (main words the error), and
 * inventory terms (they need the inventory, which the renderer does not hold).
 */
export function parseForMirror(filter: string): ParsedFilter | null {
  let parsed: ParsedFilter;
  try {
    parsed = parseFleetFilter(filter);
  } catch {
    return null;
  }
  return parsed.terms.every((term) => term.kind !== 'app' && term.kind !== 'product') ? parsed : null;
}

/** The filtered order of a query, kept while the operator scrolls it. */
export interface MatchedOrder {
  /** Matching entries in display order (direction applied). */
  entries: Int32Array;
  total: number;
}

/**
 * Which entries of `order` the filter selects, in the order the grid shows them: the same rows and
 * total as main's listNodes for these copies, because it is the same FilterRowSet test over the
 * same rows and main's own sort order.
 */
export function matchOrder(mirrors: readonly WorkspaceMirror[], order: HeldOrder, parsed: ParsedFilter, direction: 'asc' | 'desc'): MatchedOrder {
  const bits = mirrors.map((m) => m.rows.match(parsed).bits);
  const several = mirrors.length > 1;
  const { entries } = order;
  const n = entries.length;
  const out = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const entry = entries[direction === 'asc' ? i : n - 1 - i]!;
    if (hasRow(bits[copyOf(entry, several)]!, positionOf(entry, several))) out[total++] = entry;
  }
  return { entries: out.subarray(0, total), total };
}

/** One window of a matched order as main's FleetPage; null if an entry has no row (the copies do not fit the order). */
export function pageOf(mirrors: readonly WorkspaceMirror[], matched: MatchedOrder, offset: number, limit: number): FleetPage | null {
  const several = mirrors.length > 1;
  const rows: FleetNode[] = [];
  const end = Math.min(matched.total, offset + limit);
  for (let i = offset; i < end; i += 1) {
    const entry = matched.entries[i]!;
    const node = mirrors[copyOf(entry, several)]!.nodeAt(positionOf(entry, several));
    if (!node) return null;
    rows.push(node);
  }
  return { rows, total: matched.total, offset };
}
