import type { CompositionSlice } from '../../../../../preload/contract/inventory';
import { seriesColour, type ChartPalette } from './chart-palette';
import { compareVersions, shareOf, type ChartRow } from './chart-rows';

/** A composition row: the chart row plus the grid filter that lists its nodes ('' when none can). */
export interface CompositionRow extends ChartRow {
  /** The label as main sent it (`Online`, `Ubuntu 22.04`), before translation. */
  value: string;
  fleetFilter: string;
}

/** Words the rows need in the operator's language. */
export interface CompositionWords {
  other: string;
  unknown: string;
  /** "Online" → "オンライン"; returns the status itself when it has no translation. */
  ping: (status: string) => string;
}

/** Slices a small ring shows before the rest are summed into "Other". */
export const MAX_PLATFORM_SLICES = 7;
export const MAX_AGENT_SLICES = 6;

// Main sums the tail of long lists into a slice labelled "Other" with no grid filter, and names a
// missing value "Unknown" with no grid filter; both are keywords, translated here.
function isOtherBucket(slice: CompositionSlice): boolean {
  return slice.fleetFilter === '' && slice.label === 'Other';
}

function isUnknown(slice: CompositionSlice): boolean {
  return slice.fleetFilter === '' && slice.label === 'Unknown';
}

/** A slice after folding, with the labels an "other" bucket stands for. */
export interface FoldedSlice extends CompositionSlice {
  members?: string[];
}

/**
 * Keeps the first `max` slices and sums the rest, with any "Other" main already made, into one
 * "Other" slice at the end. The bucket has no grid filter: its nodes share no single value.
 */
export function foldSlices(slices: readonly CompositionSlice[], max: number): FoldedSlice[] {
  const named = slices.filter((slice) => !isOtherBucket(slice));
  const kept: FoldedSlice[] = named.slice(0, max);
  const folded = named.slice(max);
  const mainOther = slices.filter(isOtherBucket).reduce((sum, slice) => sum + slice.count, 0);
  const count = folded.reduce((sum, slice) => sum + slice.count, mainOther);
  if (count > 0) kept.push({ label: 'Other', count, fleetFilter: '', members: folded.map((slice) => slice.label) });
  return kept;
}

/** The newest version among the slices that name one (not "Other", not "Unknown"), or null. */
export function latestVersion(slices: readonly CompositionSlice[]): string | null {
  let latest: string | null = null;
  for (const slice of slices) {
    if (slice.fleetFilter === '' || !/^\d+(?:\.\d+)*$/.test(slice.label)) continue;
    if (latest === null || compareVersions(slice.label, latest) > 0) latest = slice.label;
  }
  return latest;
}

function toRow(slice: FoldedSlice, total: number, colour: string, label: string): CompositionRow {
  return {
    key: `${slice.label}\u0000${slice.fleetFilter}`,
    label,
    count: slice.count,
    share: shareOf(slice.count, total),
    colour,
    clickable: slice.fleetFilter !== '',
    value: slice.label,
    fleetFilter: slice.fleetFilter,
    ...(slice.members && slice.members.length > 0 ? { members: slice.members } : {}),
  };
}

function plainLabel(slice: CompositionSlice, words: CompositionWords): string {
  if (isOtherBucket(slice)) return words.other;
  if (isUnknown(slice)) return words.unknown;
  return slice.label;
}

/** Platforms, largest first as main sends them, the tail folded; neutral grey for other/unknown. */
export function platformRows(slices: readonly CompositionSlice[], total: number, palette: ChartPalette, words: CompositionWords): CompositionRow[] {
  return foldSlices(slices, MAX_PLATFORM_SLICES).map((slice, index) =>
    toRow(slice, total, slice.fleetFilter === '' ? palette.other : seriesColour(palette, index), plainLabel(slice, words)),
  );
}

/**
 * Agent versions, newest first, the oldest folded into "Other". The newest version seen is marked and drawn in the
 * "online" green, so a ring that is mostly green means a mostly up-to-date fleet.
 */
export function agentRows(slices: readonly CompositionSlice[], total: number, palette: ChartPalette, words: CompositionWords): CompositionRow[] {
  const latest = latestVersion(slices);
  // Newest first before folding, whatever order main sends, so the fold takes the oldest.
  const newestFirst = [...slices].sort((a, b) => rank(a) - rank(b) || compareVersions(b.label, a.label));
  const ordered = foldSlices(newestFirst, MAX_AGENT_SLICES).sort((a, b) => rank(a) - rank(b));
  let colourIndex = 0;
  return ordered.map((slice) => {
    if (slice.fleetFilter === '') return toRow(slice, total, palette.other, plainLabel(slice, words));
    if (slice.label === latest) return { ...toRow(slice, total, palette.online, slice.label), latest: true };
    const row = toRow(slice, total, seriesColour(palette, colourIndex), slice.label);
    colourIndex += 1;
    return row;
  });
}

// Real versions first (newest first), then "Unknown", then "Other".
function rank(slice: CompositionSlice): number {
  if (isOtherBucket(slice)) return 2;
  return slice.fleetFilter === '' ? 1 : 0;
}

const PING_ORDER = ['Online', 'ConnectionLost', 'Inactive'];

/** Ping statuses in a fixed order (Online, Connection lost, Inactive), in the grid's status colours. */
export function pingRows(slices: readonly CompositionSlice[], total: number, palette: ChartPalette, words: CompositionWords): CompositionRow[] {
  const colours: Record<string, string> = { Online: palette.online, ConnectionLost: palette.lost, Inactive: palette.inactive };
  const position = (label: string): number => {
    const at = PING_ORDER.indexOf(label);
    return at === -1 ? PING_ORDER.length : at;
  };
  return [...slices]
    .sort((a, b) => position(a.label) - position(b.label) || a.label.localeCompare(b.label))
    .map((slice) => toRow(slice, total, colours[slice.label] ?? palette.other, words.ping(slice.label)));
}
