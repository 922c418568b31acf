import type { Database } from 'better-sqlite3';
import type { CompositionSlice, FleetComposition } from '../../preload/contract/inventory';
import { ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { prepareCached } from '../store/statement-cache';

/**
 * Platform, agent version and ping status counts of the fleet's present nodes (store worker side),
 * each slice with the quick-filter text that lists its nodes in the grid. Ping and agent slices
 * list exactly their nodes; `platform:` matches names containing the text, so a platform whose name
 * contains another's (no such pair in today's catalogue) would list both in the grid.
 */

// A chart with more slices than this is unreadable; the rest are summed into one "other" slice,
// which has no single grid filter (its fleetFilter is '').
const maxAgentSlices = 8;

const pingFilters: Record<string, string> = { Online: 'ping:online', ConnectionLost: 'ping:connectionlost', Inactive: 'ping:inactive' };

/**
 * The grid filter `field:"value"` for a slice, or '' (no single filter) when the value is empty or
 * holds a `"`: the quick filter's quotes have no escape, so such a value cannot be said.
 */
function fleetFilterFor(field: 'platform' | 'agent', value: string): string {
  return value && !value.includes('"') ? `${field}:"${value}"` : '';
}

interface CountRow {
  label: string;
  count: number;
}

/** Counts per platform, agent version and ping status; vanished nodes are not counted. */
export function fleetComposition(db: Database, params: { workspaceIds: string[] }): FleetComposition {
  if (!Array.isArray(params.workspaceIds) || params.workspaceIds.length === 0) {
    throw new ValidationError(errorText('fleet.noWorkspaceChosen'));
  }
  const scope = 'workspace_id IN (SELECT value FROM json_each(@workspaceIds)) AND vanished_at IS NULL';
  const bind = { workspaceIds: JSON.stringify(params.workspaceIds) };
  const count = (column: string, order: string): CountRow[] =>
    prepareCached(db, `SELECT ${column} AS label, COUNT(*) AS count FROM nodes WHERE ${scope} GROUP BY ${column} ORDER BY ${order}`).all(bind) as CountRow[];

  const total = prepareCached(db, `SELECT COUNT(*) FROM nodes WHERE ${scope}`).pluck().get(bind) as number;
  const platforms = count('platform_name', 'count DESC, label').map((row) => ({
    ...row,
    label: row.label || 'Unknown',
    fleetFilter: fleetFilterFor('platform', row.label),
  }));
  // Newest agent first (agent_version_sort orders versions numerically), then "other" for the tail.
  const agents = prepareCached(
    db,
    `SELECT agent_version AS label, COUNT(*) AS count FROM nodes WHERE ${scope} GROUP BY agent_version ORDER BY MAX(agent_version_sort) DESC`,
  ).all(bind) as CountRow[];
  const agentVersions: CompositionSlice[] = agents.slice(0, maxAgentSlices).map((row) => ({
    ...row,
    label: row.label || 'Unknown',
    fleetFilter: fleetFilterFor('agent', row.label),
  }));
  const rest = agents.slice(maxAgentSlices).reduce((sum, row) => sum + row.count, 0);
  if (rest > 0) agentVersions.push({ label: 'Other', count: rest, fleetFilter: '' });
  const pingStatuses = count('ping_status', 'count DESC, label').map((row) => ({ ...row, fleetFilter: pingFilters[row.label] ?? '' }));
  return { total, platforms, agentVersions, pingStatuses };
}

/** The composition repo, served by the store worker. */
export const compositionRepo = { fleetComposition };
