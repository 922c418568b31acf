import type { Database } from 'better-sqlite3';
import type { ErrorInfo } from '../../preload/contract/define';
import type { FleetNode, FleetPage, FleetQuery, FleetSortColumn, FleetSummary } from '../../preload/contract/fleet';
import { prepareCached } from '../store/statement-cache';
import { buildBaseSearchText, buildTagSearchText, filterToSql, parseFleetFilter, tagPartSeparator } from './fleet-query';

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

/** FleetSummary as the store knows it; the fleet service adds the live `sync` state. */
export type StoredFleetSummary = Omit<FleetSummary, 'sync'>;

interface NodeRow {
  workspace_id: string;
  instance_id: string;
  name: string;
  computer_name: string;
  ping_status: FleetNode['pingStatus'];
  last_ping_at: number | null;
  platform_type: string;
  platform_name: string;
  platform_version: string;
  agent_version: string;
  is_latest_version: 0 | 1 | null;
  ip_address: string;
  resource_type: string;
  account_id: string;
  region: string;
  tags_json: string;
  vanished_at: number | null;
}

const nodeColumns = `workspace_id, instance_id, name, computer_name, ping_status, last_ping_at, platform_type,
  platform_name, platform_version, agent_version, is_latest_version, ip_address, resource_type, account_id, region,
  tags_json, vanished_at`;

// Each sort column maps to its index in 0010-fleet-nodes and the expressions that index
// orders by; instance_id (the key) ends every ORDER BY so pages never shuffle rows that tie.
const sortIndexes: Record<FleetSortColumn, { index: string; expressions: readonly string[] }> = {
  name: { index: 'nodes_by_name', expressions: ['name COLLATE NOCASE'] },
  instanceId: { index: 'nodes_by_id', expressions: [] },
  pingStatus: { index: 'nodes_by_ping', expressions: ['ping_status'] },
  platform: { index: 'nodes_by_platform', expressions: ['platform_name COLLATE NOCASE'] },
  agentVersion: { index: 'nodes_by_agent', expressions: ['agent_version_sort'] },
  ipAddress: { index: 'nodes_by_ip', expressions: ['ip_sort'] },
  location: { index: 'nodes_by_location', expressions: ['account_id', 'region'] },
  lastPing: { index: 'nodes_by_last_ping', expressions: ['last_ping_at'] },
};

// Up to this many matches, listNodes sorts the matches themselves instead of walking a sort index.
const smallMatchSet = 2000;
// A first-screen request (offset + limit up to this) under a sort other than name first tests the
// top rows of the sort order.
const firstScreenRows = 1000;

// listNodes' scratch set of matching rowids: a temp table (memory, this connection only). The
// worker serves one call at a time, so one table per connection is never shared by two queries.
const matchesTable = 'temp.fleet_list_matches';
const connectionsWithMatchesTable = new WeakSet<Database>();

function collectMatches(db: Database, selectRowids: string, params: Record<string, unknown>): number {
  if (!connectionsWithMatchesTable.has(db)) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${matchesTable} (id INTEGER PRIMARY KEY)`);
    connectionsWithMatchesTable.add(db);
  }
  prepareCached(db, `DELETE FROM ${matchesTable}`).run();
  return prepareCached(db, `INSERT INTO ${matchesTable} (id) ${selectRowids}`).run(params).changes;
}

// SQL that keeps the tag part of search_text (from the first separator on) or drops it.
const sep = `char(${tagPartSeparator.charCodeAt(0)})`;
const tagPartOf = (column: string): string =>
  `CASE WHEN instr(${column}, ${sep}) > 0 THEN substr(${column}, instr(${column}, ${sep})) ELSE '' END`;
const basePartOf = (column: string): string =>
  `CASE WHEN instr(${column}, ${sep}) > 0 THEN substr(${column}, 1, instr(${column}, ${sep}) - 1) ELSE ${column} END`;

const upsertSql = `
  INSERT INTO nodes (workspace_id, instance_id, name, computer_name, ping_status, last_ping_at, platform_type,
    platform_name, platform_version, agent_version, agent_version_sort, is_latest_version, ip_address, ip_sort,
    resource_type, account_id, region, tags_json, search_text, first_seen_at, last_seen_at, sync_generation,
    vanished_at, tags_fetched_at)
  VALUES (@workspaceId, @instanceId, @name, @computerName, @pingStatus, @lastPingAt, @platformType,
    @platformName, @platformVersion, @agentVersion, @agentVersionSort, @isLatestVersion, @ipAddress, @ipSort,
    @resourceType, @accountId, @region, @tagsJson, @searchText, @seenAt, @seenAt, @generation,
    NULL, @tagsFetchedAt)
  ON CONFLICT (workspace_id, instance_id) DO UPDATE SET
    -- EC2 nodes carry no Name in DescribeInstanceInformation: keep the one their Name tag gave.
    name = CASE WHEN excluded.name = '' THEN nodes.name ELSE excluded.name END, computer_name = excluded.computer_name, ping_status = excluded.ping_status,
    last_ping_at = excluded.last_ping_at, platform_type = excluded.platform_type,
    platform_name = excluded.platform_name, platform_version = excluded.platform_version,
    agent_version = excluded.agent_version, agent_version_sort = excluded.agent_version_sort,
    is_latest_version = excluded.is_latest_version, ip_address = excluded.ip_address, ip_sort = excluded.ip_sort,
    resource_type = excluded.resource_type, account_id = excluded.account_id, region = excluded.region,
    tags_json = CASE WHEN @hasTags THEN excluded.tags_json ELSE nodes.tags_json END,
    search_text = CASE WHEN @hasTags THEN excluded.search_text
                       ELSE excluded.search_text || ${tagPartOf('nodes.search_text')} END,
    tags_fetched_at = CASE WHEN @hasTags THEN excluded.tags_fetched_at ELSE nodes.tags_fetched_at END,
    last_seen_at = excluded.last_seen_at, sync_generation = excluded.sync_generation, vanished_at = NULL`;

// Most nodes look the same sync after sync. Rewriting such a row through the upsert would rewrite
// every index entry too (SQLite re-indexes any column named in SET), so a cheaper statement first
// touches only the bookkeeping of a present, unchanged node; last_ping_at moves every few minutes
// for online nodes and is the one indexed column it sets.
const touchSql = `
  UPDATE nodes SET last_seen_at = @seenAt, sync_generation = @generation, last_ping_at = @lastPingAt,
    tags_fetched_at = CASE WHEN @hasTags THEN @seenAt ELSE tags_fetched_at END
  WHERE workspace_id = @workspaceId AND instance_id = @instanceId AND vanished_at IS NULL
    AND (@name = '' OR name = @name) AND computer_name = @computerName AND ping_status = @pingStatus
    AND platform_type = @platformType AND platform_name = @platformName AND platform_version = @platformVersion
    AND agent_version = @agentVersion AND is_latest_version IS @isLatestVersion AND ip_address = @ipAddress
    AND resource_type = @resourceType AND account_id = @accountId AND region = @region
    AND (NOT @hasTags OR tags_json = @tagsJson)`;

/** Managed nodes and sync bookkeeping per workspace (runs in the store worker). */
export const fleetRepo = {
  /**
   * Stores one page of nodes in one transaction: new nodes are inserted, known ones updated and
   * un-vanished. Tags are kept as they were when `tags` is absent.
   */
  upsertNodes(db: Database, params: { workspaceId: string; generation: number; seenAt: number; nodes: NodeUpsert[] }): {
    upserted: number;
  } {
    const upsert = prepareCached(db, upsertSql);
    const touch = prepareCached(db, touchSql);
    db.transaction(() => {
      for (const node of params.nodes) {
        const hasTags = node.tags !== undefined;
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
          tagsJson: JSON.stringify(node.tags ?? []),
          searchText: buildBaseSearchText(node) + buildTagSearchText(node.tags ?? []),
          seenAt: params.seenAt,
          generation: params.generation,
          hasTags: hasTags ? 1 : 0,
          tagsFetchedAt: hasTags ? params.seenAt : null,
        };
        if (touch.run(row).changes === 0) upsert.run(row);
      }
    })();
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
    return db.transaction(() => {
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

  /** One grid window: quick filter, sort with instance_id as tiebreak, offset/limit, and the match count. */
  listNodes(db: Database, query: FleetQuery): FleetPage {
    const { where, params } = filterToSql(parseFleetFilter(query.filter));
    const sort = sortIndexes[query.sort.column];
    const dir = query.sort.direction === 'desc' ? 'DESC' : 'ASC';
    const orderBy = [...sort.expressions, 'instance_id'].map((e) => `${e} ${dir}`).join(', ');
    const bound = { ...params, workspaceId: query.workspaceId, limit: query.limit, offset: query.offset };
    const page = (from: string, extra: Record<string, unknown> = {}): FleetNode[] =>
      (prepareCached(db, `SELECT ${nodeColumns} ${from} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`).all({
        ...bound,
        ...extra,
      }) as NodeRow[]).map(toFleetNode);
    const count = (from: string, extra: Record<string, unknown> = {}): number =>
      prepareCached(db, `SELECT count(*) ${from}`).pluck().get({ ...bound, ...extra }) as number;
    const result = (total: number, rows: () => FleetNode[]): FleetPage => ({
      rows: query.offset < total ? rows() : [],
      total,
      offset: query.offset,
    });

    if (query.includeVanished) {
      // Rare (an operator looking for what left the fleet): the planner's own plan will do.
      const from = `FROM nodes WHERE workspace_id = @workspaceId AND ${where}`;
      return result(count(from), () => page(from));
    }

    // The quick filter runs on every keystroke, so each plan reads as little as it can. The grid's
    // indexes lead with (workspace_id, vanished_at): present nodes are one range, read from the
    // index alone. nodes_by_name also holds every column the filter reads, so it doubles as the
    // filter's index: counting and collecting matches never touch the wide table.
    const present = 'workspace_id = @workspaceId AND vanished_at IS NULL';
    if (where === '1') {
      const total = count(`FROM nodes INDEXED BY nodes_by_id WHERE ${present}`);
      return result(total, () => page(`FROM nodes INDEXED BY ${sort.index} WHERE ${present}`));
    }
    const filtered = `FROM nodes INDEXED BY nodes_by_name WHERE ${present} AND ${where}`;
    const byIds = (ids: unknown[]): FleetNode[] =>
      page('FROM nodes WHERE rowid IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids), offset: 0 });

    if (query.sort.column === 'name') {
      // Sorted by name, the filter index is also the sort order, so one pass does it all: read the
      // matching ids in order up to the page's end (and a little past, so a narrow filter is
      // counted on the way), then count the rest from where that stopped instead of from the top.
      const cap = Math.max(smallMatchSet, query.offset + query.limit) + 1;
      const ids = prepareCached(db, `SELECT rowid ${filtered} ORDER BY ${orderBy} LIMIT @cap`).pluck().all({ ...bound, cap });
      let total = ids.length;
      if (ids.length === cap) {
        const last = prepareCached(db, 'SELECT name, instance_id AS id FROM nodes WHERE rowid = @rowid').get({ rowid: ids.at(-1) }) as {
          name: string;
          id: string;
        };
        const after = dir === 'ASC' ? '>' : '<';
        // The plain name bound lets SQLite seek in the index; the row value settles ties on name.
        total += count(
          `${filtered} AND name COLLATE NOCASE ${after}= @lastName AND (name COLLATE NOCASE, instance_id) ${after} (@lastName, @lastId)`,
          { lastName: last.name, lastId: last.id },
        );
      }
      return result(total, () => byIds(ids.slice(query.offset, query.offset + query.limit)));
    }

    // Another sort order. A first screen of common matches lies near the top of the sort index:
    // test a bounded run of rows from there (five per row wanted), then count with one pass.
    if (query.offset + query.limit <= firstScreenRows) {
      const walked = page(
        `FROM nodes WHERE rowid IN (SELECT rowid FROM nodes INDEXED BY ${sort.index} WHERE ${present} ORDER BY ${orderBy} LIMIT @budget) AND ${where}`,
        { budget: Math.max(1000, 5 * (query.offset + query.limit)) },
      );
      if (walked.length === query.limit) return { rows: walked, total: count(filtered), offset: query.offset };
    }
    // Otherwise one pass collects the matches (their number is the total). Few are read and sorted
    // directly. Many (clustered far down the sort order, or a page far down) are found by walking
    // the sort index and probing each entry against the collected set, which costs far less than
    // reading the table row of every entry the walk passes.
    const total = collectMatches(db, `SELECT rowid ${filtered}`, bound);
    return result(total, () =>
      total <= smallMatchSet
        ? page(`FROM nodes WHERE rowid IN ${matchesTable}`)
        : page(`FROM nodes INDEXED BY ${sort.index} WHERE ${present} AND rowid IN ${matchesTable}`),
    );
  },

  /** Node counts by ping status (present nodes), vanished nodes, and the last complete sync time. */
  summary(db: Database, params: { workspaceId: string }): StoredFleetSummary {
    // Two narrow index scans instead of one pass over the wide table: this runs after every sync.
    const byPing = prepareCached(
      db,
      `SELECT ping_status AS ping, count(*) AS n FROM nodes INDEXED BY nodes_by_ping
       WHERE workspace_id = @workspaceId AND vanished_at IS NULL GROUP BY ping_status`,
    ).all(params) as Array<{ ping: FleetNode['pingStatus']; n: number }>;
    const stored = prepareCached(db, 'SELECT count(*) FROM nodes WHERE workspace_id = @workspaceId').pluck().get(params) as number;
    const count = (ping: FleetNode['pingStatus']): number => byPing.find((r) => r.ping === ping)?.n ?? 0;
    const total = byPing.reduce((sum, r) => sum + r.n, 0);
    const lastSyncedAt = prepareCached(db, 'SELECT last_synced_at FROM fleet_sync WHERE workspace_id = @workspaceId')
      .pluck()
      .get(params) as number | null | undefined;
    return {
      workspaceId: params.workspaceId,
      total,
      online: count('Online'),
      connectionLost: count('ConnectionLost'),
      inactive: count('Inactive'),
      vanished: stored - total,
      lastSyncedAt: lastSyncedAt ?? null,
    };
  },
};

function toFleetNode(row: NodeRow): FleetNode {
  return {
    workspaceId: row.workspace_id,
    instanceId: row.instance_id,
    name: row.name,
    computerName: row.computer_name,
    pingStatus: row.ping_status,
    lastPingAt: row.last_ping_at,
    platformType: row.platform_type,
    platformName: row.platform_name,
    platformVersion: row.platform_version,
    agentVersion: row.agent_version,
    isLatestVersion: row.is_latest_version === null ? null : row.is_latest_version === 1,
    ipAddress: row.ip_address,
    resourceType: row.resource_type,
    accountId: row.account_id,
    region: row.region,
    tags: JSON.parse(row.tags_json) as Tag[],
    vanishedAt: row.vanished_at,
  };
}

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
