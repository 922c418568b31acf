import type { Database } from 'better-sqlite3';
import type { CompositionSlice, FleetComposition } from '../../preload/contract/inventory';
import { ValidationError } from '../errors/app-error';
import { prepareCached } from '../store/statement-cache';

/**
 * Platform, agent version and ping status counts of the fleet's present nodes (store worker side),
 * each slice with the quick-filter text that lists its nodes in the grid, so a chart click and the
 * grid always agree on which nodes a slice means.
 */

// A chart with more slices than this is unreadable; the rest are summed into one "other" slice,
// which has no single grid filter (its fleetFilter is '').
const maxAgentSlices = 8;

const pingFilters: Record<string, string> = { Online: 'ping:online', ConnectionLost: 'ping:connectionlost', Inactive: 'ping:inactive' };

function quoted(value: string): string {
  // The grid's quick filter has no escape inside quotes; a value with a quote in it is matched bare.
  return value.includes('"') ? value.replace(/\s+/g, '') : `"${value}"`;
}

interface CountRow {
  label: string;
  count: number;
}

/** Counts per platform, agent version and ping status; vanished nodes are not counted. */
export function fleetComposition(db: Database, params: { workspaceIds: string[] }): FleetComposition {
  if (!Array.isArray(params.workspaceIds) || params.workspaceIds.length === 0) {
    throw new ValidationError('Choose at least one workspace.');
  }
  const scope = 'workspace_id IN (SELECT value FROM json_each(@workspaceIds)) AND vanished_at IS NULL';
  const bind = { workspaceIds: JSON.stringify(params.workspaceIds) };
  const count = (column: string, order: string): CountRow[] =>
    prepareCached(db, `SELECT ${column} AS label, COUNT(*) AS count FROM nodes WHERE ${scope} GROUP BY ${column} ORDER BY ${order}`).all(bind) as CountRow[];

  const total = prepareCached(db, `SELECT COUNT(*) FROM nodes WHERE ${scope}`).pluck().get(bind) as number;
  const platforms = count('platform_name', 'count DESC, label').map((row) => ({
    ...row,
    label: row.label || 'Unknown',
    fleetFilter: row.label ? `platform:${quoted(row.label)}` : '',
  }));
  // Newest agent first (agent_version_sort orders versions numerically), then "other" for the tail.
  const agents = prepareCached(
    db,
    `SELECT agent_version AS label, COUNT(*) AS count FROM nodes WHERE ${scope} GROUP BY agent_version ORDER BY MAX(agent_version_sort) DESC`,
  ).all(bind) as CountRow[];
  const agentVersions: CompositionSlice[] = agents.slice(0, maxAgentSlices).map((row) => ({
    ...row,
    label: row.label || 'Unknown',
    fleetFilter: row.label ? `agent:${quoted(row.label)}` : '',
  }));
  const rest = agents.slice(maxAgentSlices).reduce((sum, row) => sum + row.count, 0);
  if (rest > 0) agentVersions.push({ label: 'Other', count: rest, fleetFilter: '' });
  const pingStatuses = count('ping_status', 'count DESC, label').map((row) => ({ ...row, fleetFilter: pingFilters[row.label] ?? '' }));
  return { total, platforms, agentVersions, pingStatuses };
}

/** The composition repo, served by the store worker. */
export const compositionRepo = { fleetComposition };
