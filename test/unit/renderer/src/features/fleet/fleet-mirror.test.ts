import { describe, expect, it } from 'vitest';
import type { MirrorOrder, MirrorOrderRequest, MirrorPage, MirrorPageRequest, MirrorRow } from '../../../../../../preload/contract/fleet';
import { parseFleetFilter } from '../../../../../../main/fleet/fleet-query';
import { WorkspaceMirror, heldOrder, matchOrder, orderFits, pageOf } from '../../../../../../renderer/src/features/fleet/fleet-mirror';
import { APPLY_SLICE, FleetMirrors, MIRROR_MAX_ROWS, TYPING_PAUSE_MS } from '../../../../../../renderer/src/features/fleet/fleet-mirrors';

function row(position: number, name: string, extra: Partial<MirrorRow> = {}): MirrorRow {
  const instanceId = `mi-${String(position).padStart(17, '0')}`;
  return {
    position,
    instanceId,
    name,
    computerName: name,
    pingStatus: 'Online',
    lastPingAt: 1_700_000_000_000 + position,
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    agentVersion: '3.3.0.0',
    isLatestVersion: true,
    ipAddress: `10.0.0.${position}`,
    resourceType: 'ManagedInstance',
    accountId: '111122223333',
    region: 'eu-west-1',
    tags: [{ key: 'Name', value: name }],
    searchText: `${name}\n${instanceId}`,
    ...extra,
  };
}

const filter = (text: string) => parseFleetFilter(text);

describe('WorkspaceMirror', () => {
  it('holds main rows by position and finds them by their search text, the changed text replacing the old', () => {
    const mirror = new WorkspaceMirror('ws');
    expect(mirror.apply({ serial: 1, rows: [row(0, 'web-1'), row(1, 'db-1')] })).toBe(true);
    expect(mirror.apply({ serial: 1, rows: [row(1, 'cache-1'), row(2, 'web-2')] })).toBe(true);
    expect(mirror.length).toBe(3);
    expect(mirror.nodeAt(1)).toMatchObject({ workspaceId: 'ws', name: 'cache-1', vanishedAt: null, tags: [{ key: 'Name', value: 'cache-1' }] });
    expect(mirror.rows.match(filter('web')).total).toBe(2);
    expect(mirror.rows.match(filter('db-1')).total).toBe(0);
    expect(mirror.rows.match(filter('cache')).total).toBe(1);
  });

  it('starts again from a page of another cache (main rebuilt it)', () => {
    const mirror = new WorkspaceMirror('ws');
    mirror.apply({ serial: 1, rows: [row(0, 'a'), row(1, 'b'), row(2, 'c')] });
    mirror.version = 4;
    mirror.apply({ serial: 2, rows: [row(0, 'z')] });
    expect(mirror.serial).toBe(2);
    expect(mirror.version).toBe(-1);
    expect(mirror.length).toBe(1);
    expect(mirror.rows.length).toBe(1);
  });

  it('refuses a row past its end and empties itself, to be read again from scratch', () => {
    const mirror = new WorkspaceMirror('ws');
    mirror.apply({ serial: 1, rows: [row(0, 'a')] });
    expect(mirror.apply({ serial: 1, rows: [row(2, 'c')] })).toBe(false);
    expect(mirror.serial).toBeNull();
    expect(mirror.length).toBe(0);
  });
});

describe('orderFits', () => {
  it('takes an order of the same cache whose every position the copy holds, whatever its version', () => {
    const mirror = new WorkspaceMirror('ws');
    mirror.apply({ serial: 3, rows: [row(0, 'a'), row(1, 'b')] });
    mirror.version = 7;
    const order = (serial: number, entries: number[]) => heldOrder({ stamp: 1, caches: [{ workspaceId: 'ws', serial, version: 9 }] }, Int32Array.from(entries));
    expect(orderFits(order(3, [1, 0]), [mirror])).toBe(true);
    // A row main appended that the copy has not read yet.
    expect(orderFits(order(3, [2, 1, 0]), [mirror])).toBe(false);
    // Another cache (main rebuilt it).
    expect(orderFits(order(4, [1, 0]), [mirror])).toBe(false);
    // A copy still loading answers nothing.
    mirror.version = -1;
    expect(orderFits(order(3, [1, 0]), [mirror])).toBe(false);
  });
});

describe('matchOrder and pageOf', () => {
  it('decode a merged order of two workspaces, filter it, and page it in either direction', () => {
    const a = new WorkspaceMirror('a');
    a.apply({ serial: 1, rows: [row(0, 'web-a0'), row(1, 'db-a1')] });
    const b = new WorkspaceMirror('b');
    b.apply({ serial: 1, rows: [row(0, 'web-b0'), row(1, 'web-b1')] });
    const entry = (w: number, p: number): number => w * 2 ** 25 + p;
    const order = { stamp: 1, caches: [], entries: Int32Array.from([entry(1, 1), entry(0, 1), entry(0, 0), entry(1, 0)]), reach: [] };
    const matched = matchOrder([a, b], order, filter('web'), 'asc');
    expect(matched.total).toBe(3);
    expect(pageOf([a, b], matched, 0, 10)?.rows.map((n) => `${n.workspaceId}:${n.name}`)).toEqual(['b:web-b1', 'a:web-a0', 'b:web-b0']);
    const desc = matchOrder([a, b], order, filter('web'), 'desc');
    expect(pageOf([a, b], desc, 1, 1)).toMatchObject({ total: 3, offset: 1, rows: [{ name: 'web-a0' }] });
  });
});

/** Main's side of the mirror contract over an array of rows, as the store worker keeps it. */
class FakeMain {
  serial = 1;
  version = 0;
  rows: MirrorRow[] = [];
  changedAt: number[] = [];
  pageSize = 2;
  reads: MirrorPageRequest[] = [];
  failNext = false;
  reportedLength: number | null = null;
  private listeners = new Set<(p: { workspaceId: string }) => void>();
  /** The fake clock the mirrors read, and the waits they asked for. */
  clock = 0;
  waited: number[] = [];
  /** Runs after a page is read, before it is answered (a write landing mid-pass). */
  onRead: ((request: MirrorPageRequest) => void) | null = null;

  write(rows: MirrorRow[]): void {
    this.version += 1;
    for (const r of rows) {
      this.rows[r.position] = r;
      this.changedAt[r.position] = this.version;
    }
  }

  changed(): void {
    for (const listener of this.listeners) listener({ workspaceId: 'ws' });
  }

  source() {
    return {
      readMirror: async (request: MirrorPageRequest): Promise<MirrorPage> => {
        this.reads.push(request);
        await Promise.resolve();
        if (this.failNext) {
          this.failNext = false;
          throw new Error('store busy');
        }
        const fresh = request.serial !== this.serial;
        const since = fresh ? -1 : request.since;
        const from = fresh ? 0 : request.from;
        const picked = this.rows.filter((r) => r.position >= from && (this.changedAt[r.position] ?? 0) > since);
        const page = picked.slice(0, this.pageSize);
        const answer: MirrorPage = {
          workspaceId: 'ws',
          serial: this.serial,
          version: this.version,
          length: this.reportedLength ?? this.rows.length,
          rows: page.map((r) => ({ ...r })),
          next: picked.length > page.length ? page[page.length - 1]!.position + 1 : null,
        };
        this.onRead?.(request);
        return answer;
      },
      readMirrorOrder: async (request: MirrorOrderRequest): Promise<MirrorOrder> => {
        await Promise.resolve();
        const order = this.rows.map((r) => r.position).sort((x, y) => this.rows[x]!.name.localeCompare(this.rows[y]!.name));
        const stamp = this.version;
        return { caches: [{ workspaceId: 'ws', serial: this.serial, version: this.version }], stamp, entries: request.known === stamp ? null : order };
      },
      onNodesChanged: (listener: (p: { workspaceId: string }) => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      nextTask: () => Promise.resolve(),
      after: (ms: number) => {
        this.waited.push(ms);
        this.clock += ms;
        return Promise.resolve();
      },
      now: () => this.clock,
    };
  }
}

const byName = { workspaceIds: ['ws'], sort: { column: 'name' as const, direction: 'asc' as const } };

/** Mirrors of a fake main holding `rows`, watched by name, with what they told the grid. */
function mirrorsOf(rows: MirrorRow[]): { main: FakeMain; m: FleetMirrors; caughtUp: string[] } {
  const main = new FakeMain();
  main.write(rows);
  const m = new FleetMirrors(main.source());
  const caughtUp: string[] = [];
  m.onCaughtUp((id) => caughtUp.push(id));
  return { main, m, caughtUp };
}
const names = (m: FleetMirrors, text = ''): string[] | undefined => m.answer({ ...byName, filter: text }, 0, 100)?.rows.map((n) => n.name);

describe('FleetMirrors', () => {
  it('reads every row in pages, then answers in main’s order; a change is read and the grid told', async () => {
    const main = new FakeMain();
    main.write([row(0, 'web-c'), row(1, 'web-a'), row(2, 'db-b')]);
    const m = new FleetMirrors(main.source());
    const caughtUp: string[] = [];
    m.onCaughtUp((id) => caughtUp.push(id));
    m.watch(['ws'], 'name');
    expect(m.answers(['ws'])).toBe(false);
    await m.settled();
    // Every row in two pages, then (after the order) what changed meanwhile: nothing.
    expect(main.reads.map((r) => [r.since, r.from])).toEqual([
      [-1, 0],
      [-1, 2],
      [1, 0],
    ]);
    expect(names(m)).toEqual(['db-b', 'web-a', 'web-c']);
    expect(names(m, 'web')).toEqual(['web-a', 'web-c']);
    expect(caughtUp).toEqual(['ws']);

    main.write([row(2, 'web-b'), row(3, 'app-d')]);
    main.changed();
    await m.settled();
    // Only what changed since the copy's version.
    expect(main.reads.slice(3).map((r) => [r.serial, r.since])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(names(m, 'web')).toEqual(['web-a', 'web-b', 'web-c']);
    expect(names(m)).toEqual(['app-d', 'web-a', 'web-b', 'web-c']);
    expect(caughtUp).toEqual(['ws', 'ws']);
  });

  it('reads again what changed during a pass, so a row read before a write is not kept as it was', async () => {
    const main = new FakeMain();
    main.write([row(0, 'alpha'), row(1, 'beta'), row(2, 'gamma')]);
    main.onRead = (request) => {
      // The first page (row 0, 1) has been read; row 0 changes before the second page is asked.
      if (request.from === 0 && request.since === -1) {
        main.onRead = null;
        main.write([row(0, 'alpha-renamed')]);
      }
    };
    const m = new FleetMirrors(main.source());
    m.watch(['ws'], 'name');
    await m.settled();
    expect(names(m)).toEqual(['alpha-renamed', 'beta', 'gamma']);
    expect(main.reads.map((r) => r.since)).toEqual([-1, -1, 1, 2]);
  });

  it('folds changes reported during a catch-up into one more pass', async () => {
    const { main, m, caughtUp } = mirrorsOf([row(0, 'a')]);
    m.watch(['ws'], 'name');
    await m.settled();
    const before = main.reads.length;
    main.write([row(1, 'b')]);
    main.changed();
    main.changed();
    main.changed();
    await m.settled();
    // One catch-up (two passes around the order) and one more for the changes reported meanwhile.
    expect(main.reads.length - before).toBe(4);
    // The grid is told after each, the last time once the copy holds what was reported during the first.
    expect(caughtUp).toEqual(['ws', 'ws', 'ws']);
    expect(names(m)).toEqual(['a', 'b']);
  });

  it('goes on answering while it applies a large change a slice at a time, and reads the order again after', async () => {
    const main = new FakeMain();
    main.pageSize = 2000;
    main.write(Array.from({ length: 1200 }, (_, p) => row(p, `node-${String(p).padStart(4, '0')}`)));
    let release: () => void = () => undefined;
    let slices = 0;
    let holdAt = Number.POSITIVE_INFINITY;
    const source = main.source();
    const m = new FleetMirrors({
      ...source,
      nextTask: () => {
        slices += 1;
        return slices === holdAt ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
    });
    m.watch(['ws'], 'name');
    await m.settled();
    expect(names(m, 'node-0001')).toEqual(['node-0001']);
    main.write(Array.from({ length: 1200 }, (_, p) => row(p, `renamed-${String(p).padStart(4, '0')}`)));
    // Each read and each slice after the first yields first: two reads, then three slices applied.
    slices = 0;
    holdAt = 2 + 3;
    main.changed();
    await expect.poll(() => slices).toBe(holdAt);
    // The fourth slice waits: the copy answers from the rows it holds.
    expect(m.answers(['ws'])).toBe(true);
    expect(m.answer({ ...byName, filter: 'renamed' }, 0, 10)?.total).toBe(3 * APPLY_SLICE);
    release();
    await m.settled();
    expect(m.answer({ ...byName, filter: 'renamed' }, 0, 10)?.total).toBe(1200);
    expect(names(m, 'node-')).toEqual([]);
  });

  it('tells the grid only what it left to the copy: a change while the copy loads was read from main', async () => {
    const { main, m, caughtUp } = mirrorsOf([row(0, 'a')]);
    m.watch(['ws'], 'name');
    // Reported before the copy answers: the grid read it from main at once (answers() was false).
    expect(m.answers(['ws'])).toBe(false);
    main.write([row(1, 'b')]);
    main.changed();
    await m.settled();
    // Told once, when the loaded copy takes over; not again for the change main already answered.
    expect(caughtUp).toEqual(['ws']);
    expect(names(m)).toEqual(['a', 'b']);
  });

  it('holds a catch-up off while the operator types into a copy that answers, and not a copy still loading', async () => {
    const main = new FakeMain();
    main.write([row(0, 'a')]);
    const m = new FleetMirrors(main.source());
    m.typed();
    m.watch(['ws'], 'name');
    await m.settled();
    expect(main.waited).toEqual([]);
    main.clock = 1000;
    m.typed();
    main.clock = 1100;
    main.write([row(1, 'b')]);
    main.changed();
    await m.settled();
    // 300 ms after the keystroke, the first read of the catch-up went out; the later ones did not wait.
    expect(main.waited).toEqual([TYPING_PAUSE_MS - 100]);
    expect(names(m)).toEqual(['a', 'b']);
  });

  it('leaves a set of workspaces past its row budget to main', async () => {
    const main = new FakeMain();
    main.write([row(0, 'a')]);
    main.reportedLength = MIRROR_MAX_ROWS + 1;
    const m = new FleetMirrors(main.source());
    const caughtUp: string[] = [];
    m.onCaughtUp((id) => caughtUp.push(id));
    m.watch(['ws'], 'name');
    await m.settled();
    expect(m.answers(['ws'])).toBe(false);
    // The grid is told, so it reads from main what a copy may have answered before.
    expect(caughtUp).toEqual(['ws']);
    main.changed();
    await m.settled();
    expect(main.reads).toHaveLength(1);
  });

  it('empties a copy whose catch-up failed, tells the grid, and reads it from scratch at the next change', async () => {
    const { main, m, caughtUp } = mirrorsOf([row(0, 'a')]);
    m.watch(['ws'], 'name');
    await m.settled();
    main.write([row(1, 'b')]);
    main.failNext = true;
    main.changed();
    await m.settled();
    expect(m.answers(['ws'])).toBe(false);
    expect(String(m.lastFailure)).toMatch(/store busy/);
    expect(caughtUp).toEqual(['ws', 'ws']);
    const mark = main.reads.length;
    main.changed();
    await m.settled();
    expect(main.reads[mark]).toMatchObject({ serial: null, since: -1 });
    expect(names(m)).toEqual(['a', 'b']);
  });

  it('drops the copy of a workspace the grid no longer shows: shown again, it is read from scratch', async () => {
    const main = new FakeMain();
    main.write([row(0, 'a')]);
    const m = new FleetMirrors(main.source());
    m.watch(['ws'], 'name');
    await m.settled();
    m.watch(['other'], 'name');
    expect(m.answer({ ...byName, filter: '' }, 0, 10)).toBeNull();
    await m.settled();
    const mark = main.reads.length;
    m.watch(['ws'], 'name');
    await m.settled();
    expect(main.reads[mark]).toMatchObject({ workspaceId: 'ws', serial: null, since: -1 });
    expect(names(m)).toEqual(['a']);
    m.stop();
  });

  it('forgets the orders of other sorts once the copy changed, instead of answering from them', async () => {
    const main = new FakeMain();
    main.write([row(0, 'b'), row(1, 'c')]);
    const m = new FleetMirrors(main.source());
    const byPlatform = { workspaceIds: ['ws'], filter: '', sort: { column: 'platform' as const, direction: 'asc' as const } };
    m.watch(['ws'], 'name');
    await m.settled();
    m.watch(['ws'], 'platform');
    await m.settled();
    expect(m.answer(byPlatform, 0, 10)?.total).toBe(2);
    m.watch(['ws'], 'name');
    await m.settled();
    main.write([row(2, 'a')]);
    main.changed();
    await m.settled();
    expect(names(m)).toEqual(['a', 'b', 'c']);
    // Held from before the new row, the platform order would leave it out: main answers instead.
    expect(m.answer(byPlatform, 0, 10)).toBeNull();
    m.watch(['ws'], 'platform');
    await m.settled();
    expect(m.answer(byPlatform, 0, 10)?.total).toBe(3);
  });
});
