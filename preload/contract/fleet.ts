import { z } from 'zod';
import { errorInfoSchema, event, invoke } from './define';
import { workspaceIdsSchema } from './workspaces';

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

export const fleetChannels = {
  /** One window of the grid: filtered, sorted and paged in SQLite. */
  'fleet:list-nodes': invoke(fleetQuerySchema, fleetPageSchema),
  /** Online / offline counts, last sync time and the state of the current sync. */
  'fleet:get-summary': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), fleetSummarySchema),
  /** Starts a sync (or joins the one running) and answers at once with its state. */
  'fleet:refresh-nodes': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), z.object({ syncs: z.array(syncStateSchema) })),
  /** Stops a running sync; what was already stored stays. */
  'fleet:cancel-refresh': invoke(z.object({ workspaceIds: workspaceIdsSchema }).strict(), z.object({ syncs: z.array(syncStateSchema) })),
  /** Stored nodes of a workspace changed; re-read what is on screen. */
  'fleet:nodes-changed': event(z.object({ workspaceId: z.string() })),
  /** Progress of a sync, at most ten a second, and its end. */
  'fleet:sync-progressed': event(syncStateSchema),
} as const;
