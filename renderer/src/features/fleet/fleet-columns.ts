import type { FleetSortColumn } from '../../../../preload/contract/fleet';

/** Grid column ids; also the keys of stored widths and of `fleet.columns.*` labels. */
export type FleetColumnId = 'name' | 'instanceId' | 'ping' | 'lastPing' | 'platform' | 'agent' | 'ip' | 'account' | 'region' | 'tags';

/** A grid column: its id, what it sorts by (if anything) and its default width in px. */
export interface FleetColumn {
  id: FleetColumnId;
  sort: FleetSortColumn | null;
  defaultWidth: number;
  /** Ids, IPs and versions read better in a monospace face with fixed-width digits. */
  mono: boolean;
}

/** Columns in display order. Tags is last and takes the remaining width. */
export const fleetColumns: readonly FleetColumn[] = [
  { id: 'name', sort: 'name', defaultWidth: 164, mono: false },
  { id: 'instanceId', sort: 'instanceId', defaultWidth: 168, mono: true },
  { id: 'ping', sort: 'pingStatus', defaultWidth: 132, mono: false },
  { id: 'lastPing', sort: 'lastPing', defaultWidth: 84, mono: false },
  { id: 'platform', sort: 'platform', defaultWidth: 164, mono: false },
  { id: 'agent', sort: 'agentVersion', defaultWidth: 140, mono: true },
  { id: 'ip', sort: 'ipAddress', defaultWidth: 112, mono: true },
  // Account and Region apart (they were one column): with several watched, each sorts and reads on its own.
  // The widths above gave up a little so that all columns still fit a 1440 px window.
  { id: 'account', sort: 'account', defaultWidth: 160, mono: false },
  { id: 'region', sort: 'region', defaultWidth: 100, mono: false },
  { id: 'tags', sort: null, defaultWidth: 136, mono: false },
];

/** Default widths keyed by column id. */
export const defaultColumnWidths = Object.fromEntries(fleetColumns.map((c) => [c.id, c.defaultWidth])) as Record<FleetColumnId, number>;

/** Height of one grid row in px (dense, but a 13 px line still breathes). */
export const ROW_HEIGHT = 28;
/** Height of the sticky header row in px. */
export const HEADER_HEIGHT = 30;
/**
 * Rows fetched per request: more than a tall screen holds (so a new filter paints from its first
 * window alone), and no more: each keystroke's answer is read, checked, sent and parsed in full,
 * and 200 rows cost it ~135 KB and 10-25 ms more than 100 (measured in the grid bench).
 */
export const WINDOW_SIZE = 100;
