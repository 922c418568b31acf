import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { FleetNode, FleetPage } from '../../../../preload/contract/fleet';
import { ApiError, errorInfoOf } from '../../lib/api';
import { WINDOW_SIZE } from './fleet-columns';
import type { FleetParams } from './fleet-queries';
import { answeredByMirror, fetchNodesWindow, fleetKey, fleetMirrors, nodesWindowKey, sameParams, workspaceSetKey } from './fleet-queries';

/** What the grid paints and what the filter box reports. */
export interface FleetRows {
  /** Filter and sort whose rows are on screen; null until the first answer. */
  applied: FleetParams | null;
  /** Rows matching `applied`; null until known. */
  total: number | null;
  /** The node at a row index of `applied`, if its window is loaded. */
  rowAt: (index: number) => FleetNode | undefined;
  /** Main refused the typed filter: show it under the box, keep the last good rows. */
  filterError: ErrorInfo | null;
  /** Rows could not be read (store, bridge): show a banner with Retry. */
  loadError: ErrorInfo | null;
  /** The rows of `applied` on screen came from the renderer's mirror, not from main. */
  fromMirror: boolean;
  /** The typed filter/sort is on its way. */
  pending: boolean;
  /** The grid reports which row indices it needs (visible plus look-ahead). */
  setSpan: (firstRow: number, lastRow: number) => void;
  /** Re-reads what failed. */
  retry: () => void;
  /**
   * Call with the typed text before it is set as the filter: its rows are asked of main at once,
   * while React renders the keystroke, unless the cache has them current or an earlier answer is awaited.
   */
  sendEarly: (filter: string) => void;
}

// An answer asked for by sendEarly, waiting for the probe that renders it to take it. React renders
// the keystroke and starts the probe's fetch before the input event's task ends, so the answer is
// kept only until then: a probe created later must not be handed rows read before writes it
// should see (its query did not exist to be invalidated), nor leave this one unused.
let early: { key: string; answer: Promise<FleetPage> } | null = null;

/** The probe's fetch: the answer sendEarly already asked for, if it was for these params. */
function fetchProbe(params: FleetParams): Promise<FleetPage> {
  const key = JSON.stringify(nodesWindowKey(params, 0));
  if (early?.key === key) {
    const { answer } = early;
    early = null;
    return answer;
  }
  return fetchNodesWindow(params, 0);
}

const NO_RETRY_KINDS = new Set<ErrorInfo['kind']>(['validation', 'not-found', 'cancelled', 'bug']);

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && (NO_RETRY_KINDS.has(error.info.kind) || !error.info.retryable)) return false;
  return failureCount < 2;
}

// Stored rows change only when main says so (fleet:nodes-changed, which invalidates every window
// of the workspace: see followNodeChanges). Until then a window read before is current, and
// re-reading it on every keystroke that shows it again only competed with the keystroke's query.
const FRESH_UNTIL_CHANGED = Number.POSITIVE_INFINITY;

function windowSpan(first: number, last: number): [number, number] {
  return [Math.max(0, Math.floor(first / WINDOW_SIZE)), Math.max(0, Math.floor(Math.max(first, last) / WINDOW_SIZE))];
}

/**
 * Rows for the grid by windows of WINDOW_SIZE. The typed filter is first fetched as a "probe" of
 * window 0; only when it answers do its rows replace what is painted, so a bad filter leaves the
 * last good rows on screen and a keystroke never blanks the grid. No debounce: a keystroke is
 * sent at once unless an earlier one is still on its way (then only the newest follows it).
 */
export function useFleetRows(requested: FleetParams): FleetRows {
  const client = useQueryClient();
  const [applied, setApplied] = useState<FleetParams | null>(null);

  // The mirror follows the workspaces and sort on screen; it stays when the grid unmounts, so a
  // return to the fleet answers at once (it keeps following main's changes meanwhile).
  const watchedSet = workspaceSetKey(requested.workspaceIds);
  const watchedColumn = requested.sort.column;
  useEffect(() => {
    // No workspace chosen yet (the set's key is then ''): nothing to mirror.
    if (watchedSet !== '') fleetMirrors().watch(watchedSet.split('\u0000'), watchedColumn);
  }, [watchedSet, watchedColumn]);
  const [span, setSpanState] = useState<[number, number]>([0, 0]);

  // Coalescing, not debouncing: the first keystroke is sent at once; while its answer is on the
  // way, later keystrokes wait and only the newest text goes next. Fast typing then costs the
  // store a few queries instead of a queue of stale ones that would delay the last answer.
  const [target, setTarget] = useState<FleetParams>(requested);
  const needsProbe = !sameParams(target, applied);
  const probe = useQuery({
    queryKey: nodesWindowKey(target, 0),
    queryFn: () => fetchProbe(target),
    enabled: needsProbe,
    retry: shouldRetry,
    staleTime: FRESH_UNTIL_CHANGED,
  });
  // Only an unanswered probe holds the next keystroke back: once its rows are applied (from the
  // cache, say, on retyping), a background re-read of them must not delay the newer text.
  const holding = needsProbe && probe.isFetching;
  if (!sameParams(target, requested) && !holding) setTarget(requested);

  // Rows cached before a sync wrote are stale: the re-read already on its way is awaited instead of
  // painting them and then the fresh ones, which swapped rows under the operator's eyes and cost
  // two repaints for one keystroke. A re-read that failed once is not awaited through its retries:
  // the stale rows are shown then, as they were before.
  const probeAnswered = probe.data !== undefined && !probe.isPlaceholderData && !(probe.isStale && probe.isFetching && probe.failureCount === 0);
  if (needsProbe && probeAnswered) {
    // Derived state set during render: React re-renders before committing, so the new rows and
    // the reset scroll window land in the same paint as the answer.
    setApplied(target);
    setSpanState([0, 0]);
  }

  const indices = useMemo(() => {
    const out: number[] = [];
    for (let i = span[0]; i <= span[1]; i += 1) out.push(i);
    return out;
  }, [span]);

  const windows = useQueries({
    queries: applied
      ? indices.map((index) => ({
          queryKey: nodesWindowKey(applied, index),
          queryFn: () => fetchNodesWindow(applied, index),
          retry: shouldRetry,
          staleTime: FRESH_UNTIL_CHANGED,
        }))
      : [],
  });

  // Reading `data` here matters: useQueries re-renders only for result fields the render reads.
  const pages = new Map<number, FleetPage>();
  windows.forEach((w, i) => {
    const index = indices[i];
    if (w.data && index !== undefined) pages.set(index, w.data);
  });

  // The freshest loaded window of `applied` carries the current total (after a sync it may change).
  // Only window 0 and the span are asked, by key: a search of the whole query cache grew with every
  // filter typed in the session (each leaves its windows cached), on every render of every keystroke.
  let total: number | null = null;
  let freshest = -1;
  if (applied) {
    for (const index of indices[0] === 0 ? indices : [0, ...indices]) {
      const state = client.getQueryState<FleetPage>(nodesWindowKey(applied, index));
      if (state?.data && state.dataUpdatedAt > freshest) {
        freshest = state.dataUpdatedAt;
        total = state.data.total;
      }
    }
  }

  // A plain function, new each render: windows arriving re-render this hook's owner anyway.
  const rowAt = (index: number): FleetNode | undefined => {
    if (!applied) return undefined;
    const w = Math.floor(index / WINDOW_SIZE);
    // Rows in the overscan may sit in a window outside the span: the cache still has them.
    const page = pages.get(w) ?? client.getQueryData<FleetPage>(nodesWindowKey(applied, w));
    return page?.rows[index - page.offset];
  };

  const setSpan = useCallback((firstRow: number, lastRow: number) => {
    const [a, b] = windowSpan(firstRow, lastRow);
    setSpanState((old) => (old[0] === a && old[1] === b ? old : [a, b]));
  }, []);

  // An error about text the operator has since changed is not shown: its answer is on the way.
  const probeError = needsProbe && probe.error && sameParams(target, requested) ? errorInfoOf(probe.error) : null;
  const filterError = probeError && probeError.kind === 'validation' ? probeError : null;
  const windowError = windows.find((w) => w.error)?.error;
  const loadError = (probeError && !filterError ? probeError : null) ?? (windowError ? errorInfoOf(windowError) : null);

  // What sendEarly needs to know of the last render, read when the next keystroke arrives.
  const latest = useRef({ requested, holding });
  useEffect(() => {
    latest.current = { requested, holding };
  });
  const sendEarly = useCallback(
    (filter: string) => {
      const now = latest.current;
      // The same rule as setTarget above: while an answer is awaited, only the newest text follows it.
      if (now.holding) return;
      const params = { ...now.requested, filter };
      const key = nodesWindowKey(params, 0);
      const state = client.getQueryState<FleetPage>(key);
      // Rows a sync has since changed (invalidated) are re-read and awaited like rows never read.
      if ((state?.data !== undefined && !state.isInvalidated) || state?.fetchStatus === 'fetching') return;
      const answer = fetchNodesWindow(params, 0);
      // Its failure is the probe's to report; one nobody took must not be an unhandled rejection.
      answer.catch(() => undefined);
      early = { key: JSON.stringify(key), answer };
      setTimeout(() => {
        if (early?.answer === answer) early = null;
      }, 0);
    },
    [client],
  );

  const refetchProbe = probe.refetch;
  const retry = useCallback(() => {
    void refetchProbe();
    void client.refetchQueries({ queryKey: [...fleetKey(requested.workspaceIds), 'nodes'], type: 'active' });
  }, [client, refetchProbe, requested.workspaceIds]);

  return {
    applied,
    total,
    rowAt,
    filterError,
    loadError,
    fromMirror: applied !== null && answeredByMirror(applied),
    pending: !sameParams(requested, applied) && !probeError,
    setSpan,
    retry,
    sendEarly,
  };
}
