import { z } from 'zod';
import { errorInfoSchema, event, invoke } from './define';
import { pingStatusSchema } from './fleet';
import { workspaceIdSchema } from './workspaces';

/** Inventory types Capstan syncs and searches (ssm-api.md §4). */
export const inventoryTypeNameSchema = z.enum([
  'AWS:Application',
  'AWS:AWSComponent',
  'AWS:InstanceInformation',
  'AWS:Network',
  'AWS:Service',
  'AWS:WindowsUpdate',
  'AWS:Tag',
  'AWS:File',
]);
export type InventoryTypeName = z.infer<typeof inventoryTypeNameSchema>;

/** Which cached rows a search, drill-down or chart looks at. */
export const inventoryFiltersSchema = z
  .object({
    workspaceIds: z.array(workspaceIdSchema).min(1).max(50),
    typeNames: z.array(inventoryTypeNameSchema).max(8).optional(),
    platformTypes: z.array(z.enum(['Linux', 'Windows', 'MacOS'])).max(3).optional(),
    pingStatuses: z.array(pingStatusSchema).max(3).optional(),
    tag: z.object({ key: z.string().min(1).max(128), value: z.string().max(256).optional() }).strict().optional(),
  })
  .strict();
export type InventoryFilters = z.infer<typeof inventoryFiltersSchema>;

export const inventorySearchRequestSchema = inventoryFiltersSchema
  .extend({
    /** Plain words; FTS syntax characters are text (the answer's notice says so). */
    keyword: z.string().max(2000),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();
export type InventorySearchRequest = z.infer<typeof inventorySearchRequestSchema>;

export const inventorySearchGroupSchema = z.object({
  typeName: z.string(),
  name: z.string(),
  version: z.string(),
  publisher: z.string(),
  nodeCount: z.number().int(),
  rowCount: z.number().int(),
});
export type InventorySearchGroup = z.infer<typeof inventorySearchGroupSchema>;

export const inventorySearchResultSchema = z.object({
  groups: z.array(inventorySearchGroupSchema),
  /** More groups matched than the limit. */
  truncated: z.boolean(),
  /** How the keyword was read, when the operator should know (syntax taken as text, words dropped). */
  notice: z.string().nullable(),
});
export type InventorySearchResult = z.infer<typeof inventorySearchResultSchema>;

/** What a drill-down lists: the nodes with one search group, or with a family (and major). */
export const inventoryNodeMatchSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('term'), typeName: inventoryTypeNameSchema, name: z.string().max(4096), version: z.string().max(4096).optional() })
    .strict(),
  z
    .object({
      kind: z.literal('family'),
      family: z.string().min(1).max(100),
      major: z.string().max(100).optional(),
      /** The chart slice's product ("PostgreSQL 16"): two products of a family may share a major. */
      product: z.string().min(1).max(200).optional(),
    })
    .strict(),
]);
export type InventoryNodeMatch = z.infer<typeof inventoryNodeMatchSchema>;

export const inventoryNodesRequestSchema = inventoryFiltersSchema
  .extend({
    match: inventoryNodeMatchSchema,
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type InventoryNodesRequest = z.infer<typeof inventoryNodesRequestSchema>;

export const inventoryNodeHitSchema = z.object({
  workspaceId: z.string(),
  instanceId: z.string(),
  /** The grid's name for the node; '' when the fleet has not listed it. */
  name: z.string(),
  platformType: z.string().nullable(),
  pingStatus: z.string().nullable(),
  versions: z.array(z.string()),
  captureTime: z.number().nullable(),
  syncedAt: z.number(),
});
export type InventoryNodeHit = z.infer<typeof inventoryNodeHitSchema>;

export const inventoryNodesPageSchema = z.object({ total: z.number().int(), nodes: z.array(inventoryNodeHitSchema) });
export type InventoryNodesPage = z.infer<typeof inventoryNodesPageSchema>;

export const versionShareSchema = z.object({
  family: z.string(),
  /** Nodes with any version of the family. */
  nodeCount: z.number().int(),
  /** Nodes per normalised product and major; a node with two majors counts in both. */
  slices: z.array(z.object({ product: z.string(), major: z.string(), nodeCount: z.number().int() })),
});
export type VersionShare = z.infer<typeof versionShareSchema>;

/** One slice of a fleet-composition chart, with the grid filter that lists its nodes. */
export const compositionSliceSchema = z.object({
  label: z.string(),
  count: z.number().int(),
  /** Quick-filter text for the fleet grid, e.g. `platform:"Ubuntu"` or `ping:online`. */
  fleetFilter: z.string(),
});
export type CompositionSlice = z.infer<typeof compositionSliceSchema>;

export const fleetCompositionSchema = z.object({
  total: z.number().int(),
  platforms: z.array(compositionSliceSchema),
  agentVersions: z.array(compositionSliceSchema),
  pingStatuses: z.array(compositionSliceSchema),
});
export type FleetComposition = z.infer<typeof fleetCompositionSchema>;

export const inventorySyncProgressSchema = z.object({
  workspaceId: z.string(),
  operationId: z.string().nullable(),
  phase: z.enum(['idle', 'listing', 'fetching', 'succeeded', 'failed', 'cancelled']),
  /** Nodes GetInventory reported (with their capture times). */
  nodesListed: z.number().int(),
  /** Of those, nodes whose capture time differs from the cache's: the ones this sync fetches. */
  nodesStale: z.number().int(),
  /** Stale nodes fetched and stored completely so far. */
  nodesDone: z.number().int(),
  rowsWritten: z.number().int(),
  /** Malformed entries skipped (not objects, or without a name). */
  entriesSkipped: z.number().int(),
  /** SSM calls made by this sync (each retry by our own backoff counts again). */
  calls: z.number().int(),
  /** ThrottlingExceptions that outlasted the SDK's adaptive retry and were backed off here. */
  throttled: z.number().int(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: errorInfoSchema.nullable(),
});
export type InventorySyncProgress = z.infer<typeof inventorySyncProgressSchema>;

/** What the cache holds for one workspace, and whether the last refresh reached AWS. */
export const inventoryWorkspaceStatusSchema = z.object({
  workspaceId: z.string(),
  /** The workspace's label as the picker shows it. */
  label: z.string(),
  lastSyncedAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  /** Why the last refresh failed (network, credentials…); null when it succeeded or none ran. */
  lastError: errorInfoSchema.nullable(),
  nodes: z.number().int(),
  rows: z.number().int(),
  oldestCaptureAt: z.number().nullable(),
  newestCaptureAt: z.number().nullable(),
  sync: inventorySyncProgressSchema,
});
export type InventoryWorkspaceStatus = z.infer<typeof inventoryWorkspaceStatusSchema>;

const workspacesRequest = z.object({ workspaceIds: z.array(workspaceIdSchema).min(1).max(50) }).strict();
const oneWorkspace = z.object({ workspaceId: workspaceIdSchema }).strict();

export const inventoryChannels = {
  /** Keyword → groups by type, name and version with node counts, most widespread first. */
  'inventory:search-entries': invoke(inventorySearchRequestSchema, inventorySearchResultSchema),
  /** The nodes behind a search group or a chart slice, paged. */
  'inventory:list-nodes': invoke(inventoryNodesRequestSchema, inventoryNodesPageSchema),
  /** Nodes per normalised major of a software family (Java → Java 8/11/17/21). */
  'inventory:get-version-share': invoke(inventoryFiltersSchema.extend({ family: z.string().min(1).max(100) }).strict(), versionShareSchema),
  /** Platform, agent version and ping status counts of the cached fleet. */
  'inventory:get-fleet-composition': invoke(workspacesRequest, fleetCompositionSchema),
  /** Age of the cached data per workspace and which ones could not refresh: the offline banner. */
  'inventory:get-status': invoke(workspacesRequest, z.object({ workspaces: z.array(inventoryWorkspaceStatusSchema) })),
  /** Starts an inventory sync (or joins the one running); answers at once with its progress. */
  'inventory:start-sync': invoke(oneWorkspace, inventorySyncProgressSchema),
  /** Stops a running sync; nodes already stored stay stored. */
  'inventory:cancel-sync': invoke(oneWorkspace, inventorySyncProgressSchema),
  /** Progress of a sync, at most ten a second, and its end. */
  'inventory:sync-progressed': event(inventorySyncProgressSchema),
} as const;
