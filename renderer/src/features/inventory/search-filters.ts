import type { InventoryFilters, InventoryTypeName } from '../../../../preload/contract/inventory';
import type { PingStatus } from '../../../../preload/contract/fleet';

/** Platforms an operator can narrow to, as the fleet reports them. */
export const PLATFORMS = ['Linux', 'Windows', 'MacOS'] as const;
/** One platform choice. */
export type Platform = (typeof PLATFORMS)[number];
/** Ping statuses, in the grid's order. */
export const PING_STATUSES: readonly PingStatus[] = ['Online', 'ConnectionLost', 'Inactive'];
/** Inventory types in the order the type picker lists them (most searched first). */
export const TYPE_NAMES: readonly InventoryTypeName[] = [
  'AWS:Application',
  'AWS:Service',
  'AWS:WindowsUpdate',
  'AWS:File',
  'AWS:Network',
  'AWS:Tag',
  'AWS:InstanceInformation',
];

/** The filter controls' state, before it becomes a request. */
export interface FilterDraft {
  platforms: Platform[];
  pings: PingStatus[];
  typeName: InventoryTypeName | '';
  /** `Key` or `Key=Value`, as typed. */
  tag: string;
}

/** No filter: every platform, status and type. */
export const NO_FILTERS: FilterDraft = { platforms: [], pings: [], typeName: '', tag: '' };

/** Why a tag filter cannot be used, as an i18n key, or null when it can. */
export type TagProblem = 'inventory.filters.tagNoKey' | 'inventory.filters.tagKeyTooLong' | 'inventory.filters.tagValueTooLong';

/** `Environment=prod` → key and value; `Team` → key only; the first `=` splits (values may hold `=`). */
export function parseTag(text: string): { tag?: { key: string; value?: string }; problem: TagProblem | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: null };
  const eq = trimmed.indexOf('=');
  const key = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim();
  const value = eq === -1 ? undefined : trimmed.slice(eq + 1).trim();
  if (key === '') return { problem: 'inventory.filters.tagNoKey' };
  if (key.length > 128) return { problem: 'inventory.filters.tagKeyTooLong' };
  if (value !== undefined && value.length > 256) return { problem: 'inventory.filters.tagValueTooLong' };
  return { tag: value === undefined ? { key } : { key, value }, problem: null };
}

/** The request filters for the current workspace; a tag with a problem is left out (and shown). */
export function toFilters(workspaceIds: string[], draft: FilterDraft): InventoryFilters {
  const filters: InventoryFilters = { workspaceIds };
  if (draft.platforms.length) filters.platformTypes = [...draft.platforms];
  if (draft.pings.length) filters.pingStatuses = [...draft.pings];
  if (draft.typeName) filters.typeNames = [draft.typeName];
  const { tag } = parseTag(draft.tag);
  if (tag) filters.tag = tag;
  return filters;
}

/** How many filters narrow the search, for the "Clear filters" button. */
export function activeFilterCount(draft: FilterDraft): number {
  return (draft.platforms.length ? 1 : 0) + (draft.pings.length ? 1 : 0) + (draft.typeName ? 1 : 0) + (draft.tag.trim() ? 1 : 0);
}
