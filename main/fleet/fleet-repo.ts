import type { Database } from 'better-sqlite3';
import type { ErrorInfo } from '../../preload/contract/define';
import type {
  FleetNode,
  FleetPage,
  FleetQuery,
  FleetSummary,
  MirrorOrder,
  MirrorOrderRequest,
  MirrorPage,
  MirrorPageRequest,
} from '../../preload/contract/fleet';
import { prepareCached } from '../store/statement-cache';
import { forgetListCache, forgetOrder, noteListCacheTouches, noteListCacheWrites } from './fleet-list-cache';
import { listNodes as listWindow } from './fleet-list';
import { readMirrorOrder, readMirrorPage } from './fleet-mirror';
import { fleetSummary } from './fleet-summary';
import { buildBaseSearchText, buildTagSearchText, tagPartSeparator } from './fleet-query';

/** A tag as the grid shows it. */
export type Tag = FleetNode['tags'][number];

/** A node as one DescribeInstanceInformation page reports it; `tags` only when they were fetched too. */
export type NodeUpsert = Omit<FleetNode, 'workspaceId' | 'vanishedAt' | 'tags'> & { tags?: Tag[] };

/** What the last sync of a workspace left behind. */
export interface SyncRecord {
  lastSyncedAt: number | null;
  lastGeneration: number;
  lastError: ErrorInfo | null;
}

/** FleetSummary as the store knows it; the fleet service adds each workspace's live sync state. */
export type StoredFleetSummary = Omit<FleetSummary, 'syncs'>;

// SQL that keeps the tag part of search_text (from the first separator on) or drops it.
const sep = `char(${tagPartSeparator.charCodeAt(0)})`;
const tagPartOf = (column: string): string =>
  `CASE WHEN instr(${column}, ${sep}) > 0 THEN substr(${column}, instr(${column}, ${sep})) ELSE '' END`;
const basePartOf = (column: string): string =>
  `CASE WHEN instr(${column}, ${sep}) > 0 THEN substr(${column}, 1, instr(${column}, ${sep}) - 1) ELSE ${column} END`;

const insertSql = `
  INSERT INTO nodes (workspace_id, instance_id, name, computer_name, ping_status, last_ping_at, platform_type,
    platform_name, platform_version, agent_version, agent_version_sort, is_latest_version, ip_address, ip_sort,
    resource_type, account_id, region, tags_json, search_text, first_seen_at, last_seen_at, sync_generation,
    vanished_at, tags_fetched_at, info_hash)
  VALUES (@workspaceId, @instanceId, @name, @computerName, @pingStatus, @lastPingAt, @platformType,
    @platformName, @platformVersion, @agentVersion, @agentVersionSort, @isLatestVersion, @ipAddress, @ipSort,
    @resourceType, @accountId, @region, @tagsJson, @searchText, @seenAt, @seenAt, @generation,
    NULL, @tagsFetchedAt, @infoHash)`;

// A known node whose reported fields changed (or that comes back from vanished): rewrite it.
const updateSql = `
  UPDATE nodes SET
    -- EC2 nodes carry no Name in DescribeInstanceInformation: keep the one their Name tag gave.
    name = CASE WHEN @name = '' THEN name ELSE @name END, computer_name = @computerName, ping_status = @pingStatus,
    last_ping_at = @lastPingAt, platform_type = @platformType,
    platform_name = @platformName, platform_version = @platformVersion,
    agent_version = @agentVersion, agent_version_sort = @agentVersionSort,
    is_latest_version = @isLatestVersion, ip_address = @ipAddress, ip_sort = @ipSort,
    resource_type = @resourceType, account_id = @accountId, region = @region,
    tags_json = CASE WHEN @hasTags THEN @tagsJson ELSE tags_json END,
    search_text = CASE WHEN @hasTags THEN @searchText ELSE @searchText || ${tagPartOf('search_text')} END,
    tags_fetched_at = CASE WHEN @hasTags THEN @tagsFetchedAt ELSE tags_fetched_at END,
    last_seen_at = @seenAt, sync_generation = @generation, vanished_at = NULL, info_hash = @infoHash
  WHERE rowid = @rowid`;

// Most nodes look the same sync after sync. Rewriting such a row would rewrite every index entry
// too (SQLite re-indexes any column named in SET), so an unchanged node gets its bookkeeping only;
// last_ping_at is set only when it moved. "Unchanged" is one integer compare (info_hash).
const touchSql = (withPing: boolean): string => `
  UPDATE nodes SET last_seen_at = @seenAt, sync_generation = @generation,${withPing ? ' last_ping_at = @lastPingAt,' : ''}
    tags_fetched_at = CASE WHEN @hasTags THEN @seenAt ELSE tags_fetched_at END
  WHERE rowid = @rowid`;

const existingSql = `SELECT rowid AS rowid, info_hash AS infoHash, last_ping_at AS lastPingAt, vanished_at AS vanishedAt,
    CASE WHEN @hasTags THEN tags_json END AS tagsJson
  FROM nodes WHERE workspace_id = @workspaceId AND instance_id = @instanceId`;

interface ExistingNode {
  rowid: number;
  infoHash: number;
  lastPingAt: number | null;
  vanishedAt: number | null;
  tagsJson: string | null;
}

/** A 53-bit digest of the fields DescribeInstanceInformation reports (all but the last ping). */
export function infoHash(node: NodeUpsert): number {
  const text = [
    node.name,
    node.computerName,
    node.pingStatus,
    node.platformType,
    node.platformName,
    node.platformVersion,
    node.agentVersion,
    String(node.isLatestVersion),
    node.ipAddress,
    node.resourceType,
    node.accountId,
    node.region,
  ].join('\u0000');
  // cyrb53: two 32-bit FNV-like lanes; collisions among a fleet's nodes are vanishingly unlikely,
  // and a collision would only delay a field update until the node changes again.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  // 0 marks rows written before hashes existed (migration 0030), so no digest may be 0.
  return hash === 0 ? 1 : hash;
}

/** Managed nodes and sync bookkeeping per workspace (runs in the store worker). */
export const fleetRepo = {
  /**
   * Stores one page of nodes in one transaction: new nodes are inserted, known ones updated and
   * un-vanished. Tags are kept as they were when `tags` is absent.
   */
  upsertNodes(db: Database, params: { workspaceId: string; generation: number; seenAt: number; nodes: NodeUpsert[] }): {
    upserted: number;
  } {
    const existing = prepareCached(db, existingSql);
    const insert = prepareCached(db, insertSql);
    const update = prepareCached(db, updateSql);
    const touch = prepareCached(db, touchSql(false));
    const touchPing = prepareCached(db, touchSql(true));
    const changed: number[] = [];
    const pingsMoved: number[] = [];
    db.transaction(() => {
      for (const node of params.nodes) {
        const hasTags = node.tags !== undefined;
        const tagsJson = JSON.stringify(node.tags ?? []);
        const hash = infoHash(node);
        const found = existing.get({ workspaceId: params.workspaceId, instanceId: node.instanceId, hasTags: hasTags ? 1 : 0 }) as
          | ExistingNode
          | undefined;
        if (found && found.vanishedAt === null && found.infoHash === hash && (!hasTags || found.tagsJson === tagsJson)) {
          const pingMoved = found.lastPingAt !== node.lastPingAt;
          if (pingMoved) pingsMoved.push(found.rowid);
          (pingMoved ? touchPing : touch).run({
            rowid: found.rowid,
            seenAt: params.seenAt,
            generation: params.generation,
            lastPingAt: node.lastPingAt,
            hasTags: hasTags ? 1 : 0,
          });
          continue;
        }
        const row = {
          workspaceId: params.workspaceId,
          instanceId: node.instanceId,
          name: node.name,
          computerName: node.computerName,
          pingStatus: node.pingStatus,
          lastPingAt: node.lastPingAt,
          platformType: node.platformType,
          platformName: node.platformName,
          platformVersion: node.platformVersion,
          agentVersion: node.agentVersion,
          agentVersionSort: versionSortKey(node.agentVersion),
          isLatestVersion: node.isLatestVersion === null ? null : node.isLatestVersion ? 1 : 0,
          ipAddress: node.ipAddress,
          ipSort: ipSortKey(node.ipAddress),
          resourceType: node.resourceType,
          accountId: node.accountId,
          region: node.region,
          tagsJson,
          searchText: buildBaseSearchText(node) + buildTagSearchText(node.tags ?? []),
          seenAt: params.seenAt,
          generation: params.generation,
          hasTags: hasTags ? 1 : 0,
          tagsFetchedAt: hasTags ? params.seenAt : null,
          infoHash: hash,
        };
        if (found) {
          update.run({ ...row, rowid: found.rowid });
          changed.push(found.rowid);
        } else {
          changed.push(Number(insert.run(row).lastInsertRowid));
        }
      }
    })();
    // Only once committed: a rolled-back page leaves nothing for the list cache to patch.
    noteListCacheWrites(db, params.workspaceId, 'rowid', changed, true);
    if (pingsMoved.length > 0) {
      forgetOrder(db, params.workspaceId, 'lastPing');
      noteListCacheTouches(db, params.workspaceId, pingsMoved);
    }
    return { upserted: params.nodes.length };
  },

  /** Replaces the tags of known nodes (ListTagsForResource / AWS:Tag results); unknown ids are skipped. */
  setTags(db: Database, params: { workspaceId: string; fetchedAt: number; items: Array<{ instanceId: string; tags: Tag[] }> }): {
    updated: number;
  } {
    const statement = prepareCached(
      db,
      `UPDATE nodes SET tags_json = @tagsJson, search_text = ${basePartOf('search_text')} || @tagText,
         tags_fetched_at = @fetchedAt,
         -- An EC2 node's name is its Name tag (AWS console convention); hybrid nodes keep their SSM Name.
         name = CASE WHEN @nameTag IS NOT NULL AND (name = '' OR instance_id LIKE 'i-%') THEN @nameTag ELSE name END
       WHERE workspace_id = @workspaceId AND instance_id = @instanceId`,
    );
    let updated = 0;
    db.transaction(() => {
      for (const item of params.items) {
        updated += statement.run({
          workspaceId: params.workspaceId,
          instanceId: item.instanceId,
          tagsJson: JSON.stringify(item.tags),
          tagText: buildTagSearchText(item.tags),
          nameTag: item.tags.find((tag) => tag.key === 'Name')?.value ?? null,
          fetchedAt: params.fetchedAt,
        }).changes;
      }
    })();
    // Tags change search_text and (EC2) the name, no other sort key.
    noteListCacheWrites(
      db,
      params.workspaceId,
      'instance_id',
      params.items.map((item) => item.instanceId),
      false,
    );
    return { updated };
  },

  /** Present nodes whose tags were never fetched or were fetched before `olderThan`, oldest first. */
  nodesNeedingTags(
    db: Database,
    params: { workspaceId: string; resourceType?: 'ManagedInstance'; olderThan: number; limit: number },
  ): string[] {
    const rows = prepareCached(
      db,
      `SELECT instance_id FROM nodes
       WHERE workspace_id = @workspaceId AND vanished_at IS NULL
         AND (@resourceType IS NULL OR resource_type = @resourceType)
         AND (tags_fetched_at IS NULL OR tags_fetched_at < @olderThan)
       ORDER BY tags_fetched_at, instance_id
       LIMIT @limit`,
    )
      .pluck()
      .all({
        workspaceId: params.workspaceId,
        resourceType: params.resourceType ?? null,
        olderThan: params.olderThan,
        limit: params.limit,
      });
    return rows as string[];
  },

  /** The generation number for a new sync of the workspace (1, 2, 3 …). */
  nextGeneration(db: Database, params: { workspaceId: string }): number {
    return prepareCached(
      db,
      `INSERT INTO fleet_sync (workspace_id, last_generation) VALUES (@workspaceId, 1)
       ON CONFLICT (workspace_id) DO UPDATE SET last_generation = last_generation + 1
       RETURNING last_generation`,
    )
      .pluck()
      .get({ workspaceId: params.workspaceId }) as number;
  },

  /**
   * Ends a complete sync: nodes it did not see are marked vanished (kept, not deleted, so the grid
   * can show them on request), the sync time is recorded and the last error cleared.
   */
  finishSync(db: Database, params: { workspaceId: string; generation: number; finishedAt: number }): { vanished: number } {
    const result = db.transaction(() => {
      const { changes } = prepareCached(
        db,
        `UPDATE nodes SET vanished_at = @finishedAt
         WHERE workspace_id = @workspaceId AND sync_generation < @generation AND vanished_at IS NULL`,
      ).run(params);
      prepareCached(
        db,
        `INSERT INTO fleet_sync (workspace_id, last_synced_at, last_generation) VALUES (@workspaceId, @finishedAt, @generation)
         ON CONFLICT (workspace_id) DO UPDATE SET last_synced_at = excluded.last_synced_at, last_error_json = NULL,
           last_generation = max(last_generation, excluded.last_generation)`,
      ).run(params);
      return { vanished: changes };
    })();
    // Nodes that vanished leave the grid (rare: a rebuild is fine); otherwise the cache stays.
    if (result.vanished > 0) forgetListCache(db, params.workspaceId);
    return result;
  },

  /** Records why the last sync failed (or clears it with null); stored nodes stay as they were. */
  recordSyncError(db: Database, params: { workspaceId: string; error: ErrorInfo | null }): void {
    prepareCached(
      db,
      `INSERT INTO fleet_sync (workspace_id, last_error_json) VALUES (@workspaceId, @errorJson)
       ON CONFLICT (workspace_id) DO UPDATE SET last_error_json = excluded.last_error_json`,
    ).run({ workspaceId: params.workspaceId, errorJson: params.error ? JSON.stringify(params.error) : null });
  },

  /** Last sync time, generation and error of a workspace (zeros and nulls before the first sync). */
  syncRecord(db: Database, params: { workspaceId: string }): SyncRecord {
    const row = prepareCached(
      db,
      'SELECT last_synced_at, last_generation, last_error_json FROM fleet_sync WHERE workspace_id = @workspaceId',
    ).get(params) as { last_synced_at: number | null; last_generation: number; last_error_json: string | null } | undefined;
    return {
      lastSyncedAt: row?.last_synced_at ?? null,
      lastGeneration: row?.last_generation ?? 0,
      lastError: row?.last_error_json ? (JSON.parse(row.last_error_json) as ErrorInfo) : null,
    };
  },

  /** One grid window over one or more workspaces (see fleet-list). */
  listNodes(db: Database, query: FleetQuery): FleetPage {
    return listWindow(db, query);
  },

  /** Node counts by ping status (present nodes), vanished nodes and last sync time, summed over the workspaces. */
  summary(db: Database, params: { workspaceIds: string[] }): StoredFleetSummary {
    return fleetSummary(db, params.workspaceIds);
  },

  /** A page of a workspace's rows for the renderer's mirror (see fleet-mirror). */
  readMirror(db: Database, request: MirrorPageRequest): MirrorPage {
    return readMirrorPage(db, request);
  },

  /** A sort order over the mirror's positions, with its stamp (see fleet-mirror). */
  readMirrorOrder(db: Database, request: MirrorOrderRequest): MirrorOrder {
    return readMirrorOrder(db, request);
  },
};

/** Sort key for dotted versions: numeric parts zero-padded so 3.10.0 sorts after 3.9.2. */
export function versionSortKey(version: string): string {
  return version
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? part.padStart(10, '0') : part.toLowerCase()))
    .join('.');
}

/** Sort key for addresses: IPv4 octets zero-padded (10.0.0.9 before 10.0.0.10); other forms after. */
export function ipSortKey(ip: string): string {
  const octets = ip.split('.');
  if (octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o))) return `4:${octets.map((o) => o.padStart(3, '0')).join('.')}`;
  return ip === '' ? '' : `6:${ip.toLowerCase()}`;
}
