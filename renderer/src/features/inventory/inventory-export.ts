import type { TFunction } from 'i18next';
import type { InventoryNodeHit, InventorySearchGroup } from '../../../../preload/contract/inventory';
import { buildCsv } from '../../lib/csv';
import { typeLabel } from './type-labels';

// Times go out as ISO 8601 UTC: a spreadsheet sorts them, and two operators in different zones agree.
const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

/** The drill-down's nodes as CSV, every node, headers in the UI language. */
export function nodesCsv(t: TFunction, nodes: readonly InventoryNodeHit[]): string {
  const header = ['workspace', 'name', 'instanceId', 'platform', 'ping', 'versions', 'captured', 'synced'].map((c) => t(`inventory.csv.${c}`));
  return buildCsv(
    header,
    nodes.map((n) => [n.workspaceId, n.name, n.instanceId, n.platformType, n.pingStatus, n.versions.join('; '), iso(n.captureTime), iso(n.syncedAt)]),
  );
}

/** The search's result groups as CSV. */
export function groupsCsv(t: TFunction, groups: readonly InventorySearchGroup[]): string {
  const header = ['type', 'name', 'version', 'publisher', 'nodes', 'rows'].map((c) => t(`inventory.csv.${c}`));
  return buildCsv(
    header,
    groups.map((g) => [typeLabel(t, g.typeName), g.name, g.version, g.publisher, g.nodeCount, g.rowCount]),
  );
}
