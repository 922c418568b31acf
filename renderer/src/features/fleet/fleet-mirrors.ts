import { MIRROR_PAGE_MAX } from '../../../../preload/contract/fleet';
import type { FleetPage, FleetSortColumn, MirrorOrder, MirrorOrderRequest, MirrorPage, MirrorPageRequest } from '../../../../preload/contract/fleet';
import type { FleetParams } from './fleet-queries';
import { WorkspaceMirror, heldOrder, matchOrder, orderFits, pageOf, parseForMirror } from './fleet-mirror';
import type { HeldOrder, MatchedOrder } from './fleet-mirror';

/** What the mirrors need of main (the bridge, or a fake in tests). */
export interface MirrorSource {
  readMirror(request: MirrorPageRequest): Promise<MirrorPage>;
  readMirrorOrder(request: MirrorOrderRequest): Promise<MirrorOrder>;
  /** Subscribes to `fleet:nodes-changed`; returns the unsubscribe. */
  onNodesChanged(listener: (payload: { workspaceId: string }) => void): () => void;
  /** Lets input events in between two pieces of a long job. */
  nextTask(): Promise<void>;
  /** Resolves after `ms` milliseconds. */
  after(ms: number): Promise<void>;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

// The mirrored rows of the grid's workspaces together. Past this main answers every keystroke: at
// 100,000 rows the copy holds ~100 MB of the renderer's heap (grid bench), which is the most a
// window showing one grid should spend.
export const MIRROR_MAX_ROWS = 150_000;

// Rows applied in one task: ~6 µs each at 100,000 rows (the text unchanged; 15 when it changed).
export const APPLY_SLICE = 250;

// Rows per page once a copy answers: each page is one message the renderer parses in one task, and
// in the grid bench pages of 2,000 rows (13 ms to parse) held keys typed during a sync back by up
// to 100 ms. A copy still loading answers nothing, so it asks the largest pages and is whole sooner.
const CATCH_UP_PAGE_ROWS = 500;

// A copy that answers waits this long after a keystroke before it reads or applies more: each key
// is answered from the copy as it is, and a catch-up's pages and slices do not compete with the
// keys' frames (as main's sync stands back for typing, see OperatorActivity).
export const TYPING_PAUSE_MS = 300;

// Orders kept per set of workspaces and column: flipping back to a sort is answered at once.
const ORDERS_KEPT = 4;

/** A sort order read for the watched set and column, under the key it is held by. */
interface OrderRead {
  key: string;
  ids: readonly string[];
  column: FleetSortColumn;
  order: HeldOrder;
}

/** Rows read from main and not yet applied, up to `version`. */
interface Pass {
  pages: MirrorPage[];
  serial: number;
  version: number;
  length: number;
}

interface Follow {
  mirror: WorkspaceMirror;
  /** Rows main reported for the workspace (the copy may still be loading them). */
  expected: number;
  /** A change came while the copy answered: the grid waits for the catch-up to read its rows again. */
  owesReRead: boolean;
  running: boolean;
  again: boolean;
  dropped: boolean;
}

/**
 * Keeps a mirror of each workspace the grid shows, in step with main: read in full once (in the
 * background, page by page), then only the rows each `fleet:nodes-changed` reports changed. The
 * grid asks `answer` first and main only when it has no answer: a filter with inventory terms, a
 * sort whose order has not arrived, a copy still loading or catching up a large change, a set of
 * workspaces past MIRROR_MAX_ROWS.
 *
 * Between a write and the catch-up (a round trip) the copy answers as main did before the write,
 * like a read that was on its way; `onCaughtUp` then tells the grid to re-read what it shows.
 */
export class FleetMirrors {
  private readonly follows = new Map<string, Follow>();
  private watched: { ids: readonly string[]; column: FleetSortColumn } | null = null;
  private readonly orders = new Map<string, HeldOrder>();
  private readonly listeners = new Set<(workspaceId: string) => void>();
  private offChanged: (() => void) | null = null;
  private tooLarge = false;
  private lastMatch: { key: string; matched: MatchedOrder } | null = null;
  /** Catch-ups and order reads on their way, and who waits for none to be (see settled). */
  private busy = 0;
  private readonly settledWaiters: Array<() => void> = [];
  /** Why the last catch-up failed (main then answered), for tests to show. */
  lastFailure: unknown = null;
  private lastTyped = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: MirrorSource) {}

  /**
   * The workspaces the grid shows and its sort column. Copies of workspaces no longer shown are
   * dropped (their memory with them); new ones start loading; the column's order is read.
   */
  watch(workspaceIds: readonly string[], column: FleetSortColumn): void {
    const ids = [...new Set(workspaceIds)];
    const sameSet = this.watched !== null && setKey(this.watched.ids) === setKey(ids);
    this.watched = { ids, column };
    if (!sameSet) {
      this.tooLarge = false;
      this.orders.clear();
      for (const [id, follow] of this.follows) {
        if (!ids.includes(id)) this.drop(id, follow);
      }
      this.offChanged ??= this.source.onNodesChanged(({ workspaceId }) => this.changed(workspaceId));
      for (const id of ids) {
        if (!this.follows.has(id)) {
          const follow: Follow = { mirror: new WorkspaceMirror(id), expected: 0, owesReRead: false, running: false, again: false, dropped: false };
          this.follows.set(id, follow);
          void this.follow(follow);
        }
      }
    }
    // The new set's or sort's order (a set that only lost workspaces starts no catch-up to read
    // it). Once it fits the copies, the grid reads its rows from them.
    void this.track(async () => {
      const read = await this.readOrder().catch(() => null);
      if (read && this.keepIfFits(read)) for (const id of read.ids) this.notify(id);
    });
  }

  /** The operator typed into the grid's filter: catch-ups of copies that answer hold off a moment (TYPING_PAUSE_MS). */
  typed(): void {
    this.lastTyped = this.source.now();
  }

  /** Resolves once no catch-up or order read is on its way (tests wait on it instead of on time). */
  settled(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Stops following: every copy is dropped. */
  stop(): void {
    for (const [id, follow] of this.follows) this.drop(id, follow);
    this.offChanged?.();
    this.offChanged = null;
    this.watched = null;
    this.orders.clear();
  }

  /** Calls `listener` with a workspace whose copy took in a change (or was dropped): re-read what the grid shows. */
  onCaughtUp(listener: (workspaceId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Would the copies answer a plain filter of these workspaces in the watched sort now? */
  answers(workspaceIds: readonly string[]): boolean {
    if (!this.watched) return false;
    return this.fitting(workspaceIds, this.watched.column) !== null;
  }

  /** One grid window answered from the copies, or null when main must answer it. */
  answer(params: FleetParams, offset: number, limit: number): FleetPage | null {
    const fit = this.fitting(params.workspaceIds, params.sort.column);
    if (!fit) return null;
    const parsed = parseForMirror(params.filter);
    if (!parsed) return null;
    const { order, mirrors } = fit;
    // Scrolling asks window after window of one filter: its matches are found once.
    const key = JSON.stringify([order.stamp, order.caches, params.filter, params.sort.direction]);
    let matched = this.lastMatch?.key === key ? this.lastMatch.matched : null;
    if (!matched) {
      matched = matchOrder(mirrors, order, parsed, params.sort.direction);
      this.lastMatch = { key, matched };
    }
    return pageOf(mirrors, matched, offset, limit);
  }

  private fitting(
    workspaceIds: readonly string[],
    column: FleetSortColumn,
    candidate?: HeldOrder,
  ): { order: HeldOrder; mirrors: WorkspaceMirror[] } | null {
    if (this.tooLarge) return null;
    const order = candidate ?? this.orders.get(orderKey(workspaceIds, column));
    if (!order) return null;
    const mirrors: WorkspaceMirror[] = [];
    for (const c of order.caches) {
      const follow = this.follows.get(c.workspaceId);
      if (!follow) return null;
      mirrors.push(follow.mirror);
    }
    return orderFits(order, mirrors) ? { order, mirrors } : null;
  }

  private changed(workspaceId: string): void {
    const follow = this.follows.get(workspaceId);
    if (!follow) return;
    // The grid decides the same way, at the same event (see useFleetEvents): while the copies
    // answer, it leaves the re-read to this catch-up.
    if (this.watched && this.answers(this.watched.ids)) follow.owesReRead = true;
    void this.follow(follow);
  }

  private async track(job: () => Promise<void>): Promise<void> {
    this.busy += 1;
    try {
      await job();
    } finally {
      this.busy -= 1;
      if (this.busy === 0) for (const wake of this.settledWaiters.splice(0)) wake();
    }
  }

  private drop(id: string, follow: Follow): void {
    follow.dropped = true;
    follow.mirror.reset(null);
    this.follows.delete(id);
  }

  // One catch-up at a time per workspace; events meanwhile fold into one more.
  private async follow(follow: Follow): Promise<void> {
    if (follow.running) {
      follow.again = true;
      return;
    }
    follow.running = true;
    await this.track(() => this.catchUp(follow));
  }

  /**
   * Reads what changed, then the watched order, then what changed while the order was read, and
   * applies both passes: the copy then holds every row the order places (main only appends
   * positions), so the order fits it whatever main wrote meanwhile.
   */
  private async catchUp(follow: Follow): Promise<void> {
    const { mirror } = follow;
    try {
      do {
        follow.again = false;
        const loading = mirror.version < 0;
        // Taken now: a change reported during this pass owes the re-read after the next one.
        const owed = follow.owesReRead;
        follow.owesReRead = false;
        const first = await this.readPass(follow, mirror.serial, mirror.version);
        if (!first) return;
        const read = await this.readOrder();
        if (follow.dropped) return;
        const second = await this.readPass(follow, first.serial, first.version);
        if (!second) return;
        // A rebuild between the two passes: the second starts the copy again by itself.
        const pages = second.serial === first.serial ? [...first.pages, ...second.pages] : second.pages;
        await this.applyPages(follow, pages, second.length);
        if (follow.dropped) return;
        mirror.version = second.version;
        // Orders of other sorts were not read again: they may place rows where they no longer
        // sort, and would answer as if they did. They are read again when the grid sorts by them.
        for (const key of [...this.orders.keys()]) if (key !== read?.key) this.orders.delete(key);
        this.keepIfFits(read);
        this.lastMatch = null;
        // A copy just loaded takes over from main's answers; one that caught up owes the re-read
        // the grid left to it. Otherwise main's answers on screen are as fresh as the copy.
        if (loading || owed) this.notify(mirror.workspaceId);
      } while (follow.again && !follow.dropped);
    } catch (error) {
      this.lastFailure = error;
      // Main's own answers stand in: the copy is emptied (a half-applied one must not answer) and
      // read again from scratch at the next change. The grid re-reads from main meanwhile.
      if (!follow.dropped) {
        mirror.reset(null);
        this.notify(mirror.workspaceId);
      }
    } finally {
      follow.running = false;
    }
  }

  /**
   * Reads every row changed since `since` (all of them when `serial` is not main's) without
   * applying them. A pass during which main's version moved is followed by one more over what
   * changed since it began, so rows read before a write are read again after it. Null when
   * dropped or too large.
   */
  private async readPass(follow: Follow, serial: number | null, since: number): Promise<Pass | null> {
    const { workspaceId } = follow.mirror;
    let from = 0;
    let first: number | null = null;
    const pages: MirrorPage[] = [];
    for (;;) {
      await this.pace(follow);
      const limit = follow.mirror.version < 0 || since < 0 ? MIRROR_PAGE_MAX : CATCH_UP_PAGE_ROWS;
      const page = await this.source.readMirror({ workspaceId, serial, since, from, limit });
      if (follow.dropped) return null;
      if (page.serial !== serial) {
        // Main rebuilt its cache: this page starts every row again.
        pages.length = 0;
        serial = page.serial;
        since = -1;
        first = null;
      }
      if (first === null) {
        first = page.version;
        follow.expected = page.length;
        if (this.overBudget()) return null;
      }
      pages.push(page);
      if (page.next !== null) {
        from = page.next;
        continue;
      }
      if (page.version === first) return { pages, serial, version: page.version, length: page.length };
      since = first;
      from = 0;
      first = null;
    }
  }

  // Applied a slice at a time between input events, so a keystroke waits for one slice at most
  // (a few milliseconds); the copy goes on answering meanwhile (see orderFits).
  private async applyPages(follow: Follow, pages: readonly MirrorPage[], length: number): Promise<void> {
    const { mirror } = follow;
    let sinceYield = 0;
    for (const page of pages) {
      for (let at = 0; at < page.rows.length || at === 0; at += APPLY_SLICE) {
        if (sinceYield >= APPLY_SLICE) {
          await this.pace(follow);
          if (follow.dropped) return;
          sinceYield = 0;
        }
        const rows = page.rows.slice(at, at + APPLY_SLICE);
        if (!mirror.apply({ serial: page.serial, rows })) throw new Error('A page of the mirror did not fit the copy.');
        sinceYield += rows.length;
        this.lastMatch = null;
      }
    }
    if (length !== mirror.length) throw new Error(`The copy holds ${mirror.length} rows where main has ${length}.`);
  }

  /** Yields to input, and while the operator types, waits until they paused (unless the copy is still loading). */
  private async pace(follow: Follow): Promise<void> {
    await this.source.nextTask();
    if (follow.mirror.version < 0) return;
    for (let quiet = this.source.now() - this.lastTyped; quiet < TYPING_PAUSE_MS; quiet = this.source.now() - this.lastTyped) {
      await this.source.after(TYPING_PAUSE_MS - quiet);
    }
  }

  private overBudget(): boolean {
    let rows = 0;
    for (const follow of this.follows.values()) rows += Math.max(follow.expected, follow.mirror.length);
    if (rows <= MIRROR_MAX_ROWS) return false;
    // Main answers this set from now on: its copies are dropped until the grid shows another set,
    // and the grid reads again what a copy may have answered.
    this.tooLarge = true;
    for (const [id, follow] of this.follows) {
      this.drop(id, follow);
      this.notify(id);
    }
    return true;
  }

  /** Reads the watched sort order (its entries only when they changed since the order held); null if the grid moved on. */
  private async readOrder(): Promise<OrderRead | null> {
    const watched = this.watched;
    if (!watched || this.tooLarge) return null;
    const key = orderKey(watched.ids, watched.column);
    const held = this.orders.get(key);
    const answer = await this.source.readMirrorOrder({ workspaceIds: [...watched.ids], column: watched.column, known: held?.stamp ?? null });
    // The grid showed another set or sort meanwhile (watch always sets a new object).
    if (this.watched !== watched) return null;
    const entries = answer.entries ? Int32Array.from(answer.entries) : held?.stamp === answer.stamp ? held.entries : null;
    return entries ? { key, ids: watched.ids, column: watched.column, order: heldOrder(answer, entries) } : null;
  }

  /**
   * Holds an order read for its set and sort, if it fits the copies and the one held was not read
   * later: two workspaces' catch-ups read the merged order at different times and may finish in
   * either order. False when not kept.
   */
  private keepIfFits(read: OrderRead | null): boolean {
    if (!read || !this.fitting(read.ids, read.column, read.order)) return false;
    const { key, order } = read;
    const held = this.orders.get(key);
    const older = held?.caches.some((h, i) => {
      const c = order.caches[i];
      return !c || c.serial < h.serial || (c.serial === h.serial && c.version < h.version);
    });
    if (older) return false;
    this.orders.delete(key);
    this.orders.set(key, order);
    if (this.orders.size > ORDERS_KEPT) this.orders.delete(this.orders.keys().next().value!);
    return true;
  }

  private notify(workspaceId: string): void {
    for (const listener of this.listeners) listener(workspaceId);
  }
}

function setKey(ids: readonly string[]): string {
  return [...new Set(ids)].sort().join('\u0000');
}

function orderKey(ids: readonly string[], column: FleetSortColumn): string {
  return `${setKey(ids)}\u0001${column}`;
}
