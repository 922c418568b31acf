import type { Database } from 'better-sqlite3';
import type { PingStatus } from '../../preload/contract/fleet';
import { prepareCached } from '../store/statement-cache';
import { isProductionTag } from './parameter-rules';

/** A cached node as target resolution needs it. */
export interface TargetNode {
  instanceId: string;
  name: string;
  platformType: string;
  pingStatus: PingStatus;
  production: boolean;
}

// The name the grid shows (Name tag, else computer name, else id), as session records use it.
const DISPLAY_NAME = "COALESCE(NULLIF(name, ''), NULLIF(computer_name, ''), instance_id)";
const NODE_COLUMNS = `instance_id AS instanceId, ${DISPLAY_NAME} AS name, platform_type AS platformType, ping_status AS pingStatus, tags_json AS tagsJson`;

type NodeRow = Omit<TargetNode, 'production'> & { tagsJson: string };

function toTargetNode(row: NodeRow): TargetNode {
  const tags = JSON.parse(row.tagsJson) as Array<{ key: string; value: string }>;
  return {
    instanceId: row.instanceId,
    name: row.name,
    platformType: row.platformType,
    pingStatus: row.pingStatus,
    production: tags.some((tag) => isProductionTag(tag.key, tag.value)),
  };
}

/** Target lookups in the fleet cache for Run Command (runs in the store worker, as part of the commands repo). */
export const commandTargetRepo = {
  /** Present cached nodes with these ids, and the ids the cache does not know. */
  targetNodes(db: Database, params: { workspaceId: string; instanceIds: string[] }): { nodes: TargetNode[]; unknown: string[] } {
    const rows = prepareCached(
      db,
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE workspace_id = @workspaceId AND vanished_at IS NULL AND instance_id IN (SELECT value FROM json_each(@ids))`,
    ).all({ workspaceId: params.workspaceId, ids: JSON.stringify(params.instanceIds) }) as NodeRow[];
    const byId = new Map(rows.map((row) => [row.instanceId, toTargetNode(row)]));
    const nodes: TargetNode[] = [];
    const unknown: string[] = [];
    for (const id of new Set(params.instanceIds)) {
      const node = byId.get(id);
      if (node) nodes.push(node);
      else unknown.push(id);
    }
    return { nodes, unknown };
  },

  /** Which of these nodes have never had their tags read (an EC2 node without AWS:Tag inventory). */
  tagsUnread(db: Database, params: { workspaceId: string; instanceIds: string[] }): string[] {
    return prepareCached(
      db,
      `SELECT instance_id FROM nodes WHERE workspace_id = @workspaceId AND tags_fetched_at IS NULL AND instance_id IN (SELECT value FROM json_each(@ids))`,
    )
      .pluck()
      .all({ workspaceId: params.workspaceId, ids: JSON.stringify(params.instanceIds) }) as string[];
  },

  /** Present cached nodes matching a tag query: AND across filters, OR across a filter's values (as SSM resolves Targets). */
  tagNodes(db: Database, params: { workspaceId: string; filters: Array<{ key: string; values: string[] }> }): TargetNode[] {
    const clauses = params.filters.map(
      (_, i) =>
        `EXISTS (SELECT 1 FROM json_each(tags_json) t WHERE json_extract(t.value, '$.key') = @key${i}
           AND json_extract(t.value, '$.value') IN (SELECT value FROM json_each(@values${i})))`,
    );
    const bound: Record<string, string> = { workspaceId: params.workspaceId };
    params.filters.forEach((filter, i) => {
      bound[`key${i}`] = filter.key;
      bound[`values${i}`] = JSON.stringify(filter.values);
    });
    const sql = `SELECT ${NODE_COLUMNS} FROM nodes WHERE workspace_id = @workspaceId AND vanished_at IS NULL AND ${clauses.join(' AND ')}
      ORDER BY name COLLATE NOCASE, instance_id`;
    return (prepareCached(db, sql).all(bound) as NodeRow[]).map(toTargetNode);
  },

  /** Display names of cached nodes (also vanished ones: a result still names its node). */
  nodeInfo(db: Database, params: { workspaceId: string; instanceIds: string[] }): Record<string, { name: string; platformType: string }> {
    const rows = prepareCached(
      db,
      `SELECT instance_id AS instanceId, ${DISPLAY_NAME} AS name, platform_type AS platformType FROM nodes
       WHERE workspace_id = @workspaceId AND instance_id IN (SELECT value FROM json_each(@ids))`,
    ).all({ workspaceId: params.workspaceId, ids: JSON.stringify(params.instanceIds) }) as Array<{ instanceId: string; name: string; platformType: string }>;
    return Object.fromEntries(rows.map((row) => [row.instanceId, { name: row.name, platformType: row.platformType }]));
  },

};
