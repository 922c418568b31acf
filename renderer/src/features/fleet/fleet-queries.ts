import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FleetPage, FleetSortColumn, FleetSummary, SyncState } from '../../../../preload/contract/fleet';
import { ApiError, bridge, unwrap } from '../../lib/api';
import { WINDOW_SIZE } from './fleet-columns';
import { FleetMirrors } from './fleet-mirrors';

/** Sort order of the grid. */
export interface FleetSort {
  column: FleetSortColumn;
  direction: 'asc' | 'desc';
}

/** Everything that decides which rows match and in which order. */
export interface FleetParams {
  /** The watched workspaces the grid aggregates, in the picker's order. */
  workspaceIds: readonly string[];
  filter: string;
  sort: FleetSort;
}

/** One string for a set of workspaces: the grid's queries are keyed by it. */
export function workspaceSetKey(workspaceIds: readonly string[]): string {
  return workspaceIds.join('\u0000');
}

/** Same rows in the same order? */
export function sameParams(a: FleetParams | null, b: FleetParams | null): boolean {
  if (!a || !b) return a === b;
  return (
    workspaceSetKey(a.workspaceIds) === workspaceSetKey(b.workspaceIds) &&
    a.filter === b.filter &&
    a.sort.column === b.sort.column &&
    a.sort.direction === b.sort.direction
  );
}

/** Prefix of every fleet query of a set of workspaces, for invalidation on `fleet:nodes-changed`. */
export function fleetKey(workspaceIds: readonly string[]): readonly unknown[] {
  return ['fleet', workspaceSetKey(workspaceIds)];
}

/** Does a fleet query key belong to a set that includes this workspace? */
export function keyIncludesWorkspace(queryKey: readonly unknown[], workspaceId: string): boolean {
  const [root, set] = queryKey;
  return root === 'fleet' && typeof set === 'string' && set.split('\u0000').includes(workspaceId);
}

/** Cache key of one window of rows. */
export function nodesWindowKey(params: FleetParams, windowIndex: number): readonly unknown[] {
  return ['fleet', workspaceSetKey(params.workspaceIds), 'nodes', params.filter, params.sort.column, params.sort.direction, windowIndex];
}

/** Cache key of the summary of a set of workspaces. */
export function summaryKey(workspaceIds: readonly string[]): readonly unknown[] {
  return ['fleet', workspaceSetKey(workspaceIds), 'summary'];
}

let mirrors: FleetMirrors | null = null;

/** The page's copies of the grid's workspaces, kept in step with main over the bridge. */
export function fleetMirrors(): FleetMirrors {
  mirrors ??= new FleetMirrors({
    readMirror: (request) => unwrap(bridge().fleet.readMirror(request)),
    readMirrorOrder: (request) => unwrap(bridge().fleet.readMirrorOrder(request)),
    onNodesChanged: (listener) => bridge().fleet.onNodesChanged(listener),
    nextTask: () => new Promise((resolve) => setTimeout(resolve, 0)),
    after: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => performance.now(),
  });
  return mirrors;
}

// One note a keystroke would be more messages than main needs: it holds a sync back for 300 ms.
const TYPING_NOTE_MS = 100;
let lastTypingNote = Number.NEGATIVE_INFINITY;

/**
 * The operator typed into the grid's filter: the mirror holds its catch-ups off, and main (which
 * the mirror spares the keystroke's query) holds a sync's next SSM call back.
 */
export function noteTyping(): void {
  fleetMirrors().typed();
  const now = performance.now();
  if (now - lastTypingNote < TYPING_NOTE_MS) return;
  lastTypingNote = now;
  // Fire and forget: a lost note only lets a sync go on meanwhile.
  unwrap(bridge().fleet.noteTyping({})).catch(() => undefined);
}

// Which windows the mirror answered last, by query key: the grid says where its rows came from
// (benchmarks and e2e read it). By key, not by page object: the query cache keeps an equal earlier
// answer in place of a new one. Only the latest keys are kept.
const answeredBy = new Map<string, 'mirror' | 'main'>();
const ANSWERS_KEPT = 200;

function noteAnswer(params: FleetParams, windowIndex: number, by: 'mirror' | 'main'): void {
  const key = JSON.stringify(nodesWindowKey(params, windowIndex));
  answeredBy.delete(key);
  answeredBy.set(key, by);
  if (answeredBy.size > ANSWERS_KEPT) answeredBy.delete(answeredBy.keys().next().value!);
}

/** Did the mirror (not main) answer the first window of these params last? */
export function answeredByMirror(params: FleetParams): boolean {
  return answeredBy.get(JSON.stringify(nodesWindowKey(params, 0))) === 'mirror';
}

/** Fetches one window of WINDOW_SIZE rows: from the mirror when it can answer, else from main. */
export function fetchNodesWindow(params: FleetParams, windowIndex: number): Promise<FleetPage> {
  const mirrored = fleetMirrors().answer(params, windowIndex * WINDOW_SIZE, WINDOW_SIZE);
  noteAnswer(params, windowIndex, mirrored ? 'mirror' : 'main');
  if (mirrored) return Promise.resolve(mirrored);
  return unwrap(
    bridge().fleet.listNodes({
      workspaceIds: [...params.workspaceIds],
      filter: params.filter,
      sort: params.sort,
      offset: windowIndex * WINDOW_SIZE,
      limit: WINDOW_SIZE,
      includeVanished: false,
    }),
  );
}

/** The watched workspaces' summed counts, oldest last sync and each one's current sync. */
export function useFleetSummary(workspaceIds: readonly string[], select?: (summary: FleetSummary) => FleetSummary) {
  return useQuery({
    queryKey: summaryKey(workspaceIds),
    queryFn: () => unwrap(bridge().fleet.getSummary({ workspaceIds: [...workspaceIds] })),
    ...(select ? { select } : {}),
  });
}

/**
 * The summary without each sync's page and node counters. A running sync reports them up to ten
 * times a second; a component that shows no progress selects this and is not re-rendered by them
 * (TanStack Query re-renders only when the selected value changes).
 */
export function withoutSyncProgress(summary: FleetSummary): FleetSummary {
  return { ...summary, syncs: summary.syncs.map((sync) => ({ ...sync, pagesDone: 0, nodesSeen: 0 })) };
}

const TERMINAL: ReadonlyArray<string> = ['succeeded', 'failed', 'cancelled'];

/** A summary with one workspace's sync state replaced (a workspace it does not cover is left alone). */
export function withSyncState(summary: FleetSummary, state: SyncState): FleetSummary {
  if (!summary.syncs.some((s) => s.workspaceId === state.workspaceId)) return summary;
  return { ...summary, syncs: summary.syncs.map((s) => (s.workspaceId === state.workspaceId ? state : s)) };
}

function isSummaryOf(queryKey: readonly unknown[], workspaceId: string): boolean {
  return queryKey[2] === 'summary' && keyIncludesWorkspace(queryKey, workspaceId);
}

/** Puts a sync state into every cached summary that covers its workspace, so progress and the banner read one source. */
export function applySyncState(client: QueryClient, state: SyncState): void {
  const predicate = (query: { queryKey: readonly unknown[] }): boolean => isSummaryOf(query.queryKey, state.workspaceId);
  client.setQueriesData<FleetSummary>({ predicate }, (old) => (old ? withSyncState(old, state) : old));
  if (TERMINAL.includes(state.phase)) void client.invalidateQueries({ predicate });
}

/**
 * Re-reads a workspace's fleet queries after `fleet:nodes-changed`: at most one round per frame and
 * one in flight, events meanwhile folding into one more round, never a queue of refetches. Only
 * active queries (the summary and the windows on screen) are re-read; others are marked stale.
 */
export function followNodeChanges(client: QueryClient, workspaceIds: readonly string[]): { changed(): void; stop(): void } {
  let frame: number | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  const round = async (): Promise<void> => {
    frame = null;
    running = true;
    try {
      const key = fleetKey(workspaceIds);
      // A fetch on its way (a keystroke's answer) may have read the store before the change. It is
      // left to finish, not restarted, so the keystroke still paints at once; then it is read again.
      const inFlight = client
        .getQueryCache()
        .findAll({ queryKey: key, fetchStatus: 'fetching' })
        .map((query) => query.queryKey);
      // A filter main refused stays refused whatever the nodes are: re-asking it each round only
      // made main count it as the operator typing and hold the sync back (see OperatorActivity).
      await client.invalidateQueries({ queryKey: key, predicate: (query) => !isRefusedFilter(query.state.error) }, { cancelRefetch: false });
      await Promise.all(inFlight.map((queryKey) => client.invalidateQueries({ queryKey, exact: true }, { cancelRefetch: false })));
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    frame ??= requestAnimationFrame(() => void round());
  };
  return {
    changed: schedule,
    stop: () => {
      stopped = true;
      if (frame !== null) cancelAnimationFrame(frame);
    },
  };
}

/** Was this query's error main refusing the filter text (a validation error)? */
export function isRefusedFilter(error: unknown): boolean {
  return error instanceof ApiError && error.info.kind === 'validation';
}

/** Does the filter read the inventory (app:, product:)? Its matches then change when an inventory sync writes. */
export function readsInventory(filter: string): boolean {
  return /(^|\s)-?(app|product):/i.test(filter);
}

// While an inventory sync writes, re-read the windows of inventory filters at most this often; its end always.
const INVENTORY_REREAD_MS = 2000;

/**
 * Re-reads the workspace's grid windows whose filter reads the inventory as an inventory sync
 * stores nodes. Fleet events do not cover this: the fleet's own rows did not change.
 */
function followInventoryWrites(client: QueryClient, workspaceIds: readonly string[]): () => void {
  // Per workspace: two inventory syncs running at once each keep their own progress and pace.
  const lastDone = new Map<string, number>();
  const lastReadAt = new Map<string, number>();
  return bridge().inventory.onSyncProgressed((progress) => {
    const id = progress.workspaceId;
    if (!workspaceIds.includes(id)) return;
    const done = lastDone.get(id) ?? 0;
    const ended = TERMINAL.includes(progress.phase);
    const wrote = progress.nodesDone !== done;
    if (!wrote && !(ended && done > 0)) return;
    const now = performance.now();
    if (!ended && now - (lastReadAt.get(id) ?? Number.NEGATIVE_INFINITY) < INVENTORY_REREAD_MS) return;
    lastDone.set(id, ended ? 0 : progress.nodesDone);
    lastReadAt.set(id, now);
    void client.invalidateQueries(
      {
        predicate: (query) => {
          const [, , kind, filter] = query.queryKey;
          return keyIncludesWorkspace(query.queryKey, id) && kind === 'nodes' && typeof filter === 'string' && readsInventory(filter);
        },
      },
      { cancelRefetch: false },
    );
  });
}

/** Keeps the cache in step with main: re-read on nodes-changed of any watched workspace (coalesced), follow sync progress. */
export function useFleetEvents(workspaceIds: readonly string[]): void {
  const client = useQueryClient();
  const setKey = workspaceSetKey(workspaceIds);
  useEffect(() => {
    const ids = setKey.split('\u0000');
    const api = bridge().fleet;
    const follower = followNodeChanges(client, ids);
    const mirrored = fleetMirrors();
    const offChanged = api.onNodesChanged((payload) => {
      if (!ids.includes(payload.workspaceId)) return;
      // While the mirror answers the grid, the grid's rows are read again once the mirror holds the
      // change (onCaughtUp); the counts, which main answers, at once.
      if (mirrored.answers(ids)) void client.invalidateQueries({ queryKey: summaryKey(ids) }, { cancelRefetch: false });
      else follower.changed();
    });
    const offCaughtUp = mirrored.onCaughtUp((workspaceId) => {
      if (ids.includes(workspaceId)) follower.changed();
    });
    const offProgress = api.onSyncProgressed((state) => {
      if (ids.includes(state.workspaceId)) applySyncState(client, state);
    });
    const offInventory = followInventoryWrites(client, ids);
    return () => {
      offChanged();
      offCaughtUp();
      offProgress();
      offInventory();
      follower.stop();
    };
  }, [client, setKey]);
}
