import { z } from 'zod';
import { errorInfoSchema, event, invoke } from './define';
import { workspaceIdSchema, workspaceIdsSchema } from './workspaces';

export const pingStatusSchema = z.enum(['Online', 'ConnectionLost', 'Inactive']);
export type PingStatus = z.infer<typeof pingStatusSchema>;

/** Columns the grid can sort by; the store maps each to an indexed expression. */
export const fleetSortColumnSchema = z.enum([
  'name',
  'instanceId',
  'pingStatus',
  'platform',
  'agentVersion',
  'ipAddress',
  'location',
  'account',
  'region',
  'lastPing',
]);
export type FleetSortColumn = z.infer<typeof fleetSortColumnSchema>;

/** One managed node as the grid shows it. */
export const fleetNodeSchema = z.object({
  workspaceId: z.string(),
  instanceId: z.string(),
  name: z.string(),
  computerName: z.string(),
  pingStatus: pingStatusSchema,
  lastPingAt: z.number().nullable(),
  platformType: z.string(),
  platformName: z.string(),
  platformVersion: z.string(),
  agentVersion: z.string(),
  isLatestVersion: z.boolean().nullable(),
  ipAddress: z.string(),
  resourceType: z.string(),
  accountId: z.string(),
  region: z.string(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  /** Set when the node stopped appearing in DescribeInstanceInformation. */
  vanishedAt: z.number().nullable(),
});
export type FleetNode = z.infer<typeof fleetNodeSchema>;

export const fleetQuerySchema = z
  .object({
    /** The watched workspaces the grid aggregates (one or more accounts × regions). */
    workspaceIds: workspaceIdsSchema,
    /** Quick-filter text: free words and `field:value` terms (see fleet-query in main). */
    filter: z.string().max(500),
    sort: z.object({ column: fleetSortColumnSchema, direction: z.enum(['asc', 'desc']) }).strict(),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(1000),
    includeVanished: z.boolean().default(false),
  })
  .strict();
export type FleetQuery = z.input<typeof fleetQuerySchema>;

export const fleetPageSchema = z.object({
  rows: z.array(fleetNodeSchema),
  /** Rows matching the filter, for the scroll height. */
  total: z.number().int(),
  offset: z.number().int(),
});
export type FleetPage = z.infer<typeof fleetPageSchema>;

export const syncStateSchema = z.object({
  workspaceId: z.string(),
  operationId: z.string().nullable(),
  phase: z.enum(['idle', 'running', 'succeeded', 'failed', 'cancelled']),
  pagesDone: z.number().int(),
  nodesSeen: z.number().int(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: errorInfoSchema.nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

export const fleetSummarySchema = z.object({
  workspaceIds: z.array(z.string()),
  total: z.number().int(),
  online: z.number().int(),
  connectionLost: z.number().int(),
  inactive: z.number().int(),
  vanished: z.number().int(),
  /** The oldest of the workspaces' last complete syncs; null while any has never synced. */
  lastSyncedAt: z.number().nullable(),
  /** The current (or last) sync of each workspace, in the order asked. */
  syncs: z.array(syncStateSchema),
});
export type FleetSummary = z.infer<typeof fleetSummarySchema>;

/**
 * One row of a workspace's grid mirror (the renderer's copy, which answers the quick filter without a
 * round trip to main): the grid's columns and the stored search text, at its position in main's list
 * cache of the workspace (positions are only ever appended; a cache rebuilt from scratch has a new serial).
 */
export const mirrorRowSchema = fleetNodeSchema
  .omit({ workspaceId: true, vanishedAt: true })
  .extend({ position: z.number().int().min(0), searchText: z.string() });
export type MirrorRow = z.infer<typeof mirrorRowSchema>;

/** The most rows one mirror page may carry. */
export const MIRROR_PAGE_MAX = 2000;

export const mirrorPageRequestSchema = z
  .object({
    workspaceId: workspaceIdSchema,
    /** The list cache the renderer's copy was read from; null (or a serial main no longer has) reads every row from position 0. */
    serial: z.number().int().nullable(),
    /** Rows changed after this version are sent; -1 sends every row. */
    since: z.number().int().min(-1),
    /** The position this page starts at (the previous page's `next`). */
    from: z.number().int().min(0),
    /** At most this many rows: large pages load a copy sooner, small ones keep each message short. */
    limit: z.number().int().min(1).max(MIRROR_PAGE_MAX),
  })
  .strict();
export type MirrorPageRequest = z.infer<typeof mirrorPageRequestSchema>;

export const mirrorPageSchema = z.object({
  workspaceId: z.string(),
  /** The cache these rows come from. When it differs from the request's, the copy starts again from these rows. */
  serial: z.number().int(),
  /**
   * The cache's version when this page was read: each catch-up of main's writes bumps it once and
   * stamps the rows it re-read. A pass whose pages carry different versions is complete only as of
   * its first page's version (a row changed mid-pass, before `from`, comes with the next pass since
   * that version).
   */
  version: z.number().int().min(0),
  /** Present nodes in the cache: positions 0 … length-1. */
  length: z.number().int().min(0),
  /** Rows changed after `since` (all rows when starting again), ascending by position, from `from`. */
  rows: z.array(mirrorRowSchema),
  /** Where the next page of this pass starts, or null when the pass is complete. */
  next: z.number().int().min(0).nullable(),
});
export type MirrorPage = z.infer<typeof mirrorPageSchema>;

export const mirrorOrderRequestSchema = z
  .object({
    workspaceIds: workspaceIdsSchema,
    column: fleetSortColumnSchema,
    /** The stamp of the order the renderer holds: when main's is still that one, no entries are sent. */
    known: z.number().int().nullable(),
  })
  .strict();
export type MirrorOrderRequest = z.infer<typeof mirrorOrderRequestSchema>;

/** A merged order's entry is workspace index * 2^MERGED_POSITION_BITS + position (positions < 2^25). */
export const MERGED_POSITION_BITS = 25;

export const mirrorOrderSchema = z.object({
  /** The workspaces in the order entries number them (ascending by id), each cache's serial and version when read. */
  caches: z.array(z.object({ workspaceId: z.string(), serial: z.number().int(), version: z.number().int().min(0) })),
  /** Names this order: the same stamp is the same entries. */
  stamp: z.number().int(),
  /**
   * Ascending by the column, ties by instance id then workspace id; null when `known` is this stamp.
   * One workspace: cache positions. Several: workspace index * 2^25 + position.
   */
  entries: z.array(z.number().int().min(0)).nullable(),
});
export type MirrorOrder = z.infer<typeof mirrorOrderSchema>;

export const fleetChannels = {
  /** One window of the grid: filtered, sorted and paged in SQLite. */
  'fleet:list-nodes': invoke(fleetQuerySchema, fleetPageSchema),
  /** Online / offline counts, last sync time and the state of the current sync. */
  'fleet:get-summary': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), fleetSummarySchema),
  /** Starts a sync (or joins the one running) and answers at once with its state. */
  'fleet:refresh-nodes': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), z.object({ syncs: z.array(syncStateSchema) })),
  /** Stops a running sync; what was already stored stays. */
  'fleet:cancel-refresh': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), z.object({ syncs: z.array(syncStateSchema) })),
  /** A page of a workspace's rows for the renderer's mirror (see mirrorRowSchema): all, or those changed since a version. */
  'fleet:read-mirror': invoke(mirrorPageRequestSchema, mirrorPageSchema),
  /** A sort order over the mirror's positions, for one workspace or several merged. */
  'fleet:read-mirror-order': invoke(mirrorOrderRequestSchema, mirrorOrderSchema),
  /** The operator typed into the grid's filter (answered by the mirror): a sync stands back a moment. */
  'fleet:note-typing': invoke(z.object({}).strict(), z.object({}).strict()),
  /** Stored nodes of a workspace changed; re-read what is on screen. */
  'fleet:nodes-changed': event(z.object({ workspaceId: z.string() })),
  /** Progress of a sync, at most ten a second, and its end. */
  'fleet:sync-progressed': event(syncStateSchema),
} as const;
