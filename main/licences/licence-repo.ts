import type { Database } from 'better-sqlite3';
import type { InventoryNodeHit } from '../../preload/contract/inventory';
import { licenceLimits, type LicenceMatch, type LicenceProduct } from '../../preload/contract/licences';
import { ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { prepareCached } from '../store/statement-cache';

/**
 * Licence usage over the inventory cache (store worker side, read-only): which AWS:Application
 * terms a licence counts, and the distinct nodes in the chosen workspaces that have one.
 *
 * Terms are a few thousand even on a 1.5 M-row cache, so they are matched here in one pass (the
 * same case folding for counting and listing); the nodes are then counted in SQL through the
 * rows-by-term index, once per distinct rule, so no node list crosses into JavaScript. A name
 * match needs at least licenceLimits.nameMatchMin characters: "a" would match nearly every term.
 */

interface ApplicationTerm {
  id: number;
  name: string;
  publisher: string;
  product: string | null;
}

function applicationTerms(db: Database): ApplicationTerm[] {
  const rows = prepareCached(
    db,
    `SELECT term_id AS id, name, publisher, product FROM inventory_terms WHERE type_name = 'AWS:Application'`,
  ).all() as ApplicationTerm[];
  return rows.map((t) => ({ id: t.id, name: t.name.toLowerCase(), publisher: t.publisher.toLowerCase(), product: t.product?.toLowerCase() ?? null }));
}

/** The ids of the terms a licence counts: its normalised product, or a name (and publisher) substring. */
function matchingTerms(terms: readonly ApplicationTerm[], match: LicenceMatch): number[] {
  if (match.kind === 'product') {
    const product = match.product.toLowerCase();
    return terms.filter((t) => t.product === product).map((t) => t.id);
  }
  const name = match.name.trim().toLowerCase();
  if ([...name].length < licenceLimits.nameMatchMin) {
    throw new ValidationError(`The name match "${match.name}" is too short; use at least ${licenceLimits.nameMatchMin} characters of the application name.`);
  }
  const publisher = match.publisher.toLowerCase();
  return terms.filter((t) => t.name.includes(name) && (!publisher || t.publisher.includes(publisher))).map((t) => t.id);
}

function workspacesParam(workspaceIds: unknown): string {
  if (!Array.isArray(workspaceIds) || workspaceIds.length === 0) throw new ValidationError(errorText('licences.noWorkspace'));
  return JSON.stringify(workspaceIds);
}

const nodesOfTerms = `
  FROM inventory_rows r
  JOIN inventory_nodes s ON s.node_id = r.node_id
  JOIN inventory_terms t ON t.term_id = r.term_id
  -- A row's capture and sync time are its node's and type's (migration 0090).
  JOIN inventory_type_state ts ON ts.node_id = r.node_id AND ts.type_name = t.type_name
  WHERE r.term_id IN (SELECT value FROM json_each(@termIds))
    AND s.workspace_id IN (SELECT value FROM json_each(@workspaceIds))`;

/** Counting needs no term columns: the rows-by-term index and the node's workspace answer it. */
const countNodesOfTerms = `SELECT COUNT(DISTINCT r.node_id)
  FROM inventory_rows r
  JOIN inventory_nodes s ON s.node_id = r.node_id
  WHERE r.term_id IN (SELECT value FROM json_each(@termIds))
    AND s.workspace_id IN (SELECT value FROM json_each(@workspaceIds))`;

/** Distinct nodes with a matching application, per licence, in the order given. */
function usage(db: Database, params: { workspaceIds: string[]; matches: LicenceMatch[] }): number[] {
  const workspaceIds = workspacesParam(params.workspaceIds);
  const terms = applicationTerms(db);
  const countOf = prepareCached(db, countNodesOfTerms).pluck();
  // Licences counted the same way (one product under two contract names) are counted once.
  const counted = new Map<string, number>();
  return params.matches.map((match) => {
    const key = JSON.stringify(match.kind === 'product' ? [match.product.toLowerCase()] : [match.name.toLowerCase(), match.publisher.toLowerCase()]);
    let count = counted.get(key);
    if (count === undefined) {
      const termIds = matchingTerms(terms, match);
      count = termIds.length === 0 ? 0 : (countOf.get({ termIds: JSON.stringify(termIds), workspaceIds }) as number);
      counted.set(key, count);
    }
    return count;
  });
}

/** The nodes behind one licence's used count, by workspace and instance id. */
function nodes(
  db: Database,
  params: { workspaceIds: string[]; match: LicenceMatch; limit?: number; offset?: number },
): { total: number; nodes: InventoryNodeHit[] } {
  const workspaceIds = workspacesParam(params.workspaceIds);
  const all = { termIds: JSON.stringify(matchingTerms(applicationTerms(db), params.match)), workspaceIds };
  const total = prepareCached(db, countNodesOfTerms).pluck().get(all) as number;
  const rows = prepareCached(
    db,
    `SELECT s.workspace_id AS workspaceId, s.instance_id AS instanceId,
       COALESCE((SELECT n.name FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id), '') AS name,
       COALESCE((SELECT n.platform_type FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id), s.platform_type) AS platformType,
       (SELECT n.ping_status FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id) AS pingStatus,
       json_group_array(DISTINCT t.version) AS versionsJson, MAX(ts.capture_time) AS captureTime, MAX(ts.synced_at) AS syncedAt
     ${nodesOfTerms}
     GROUP BY r.node_id
     ORDER BY s.workspace_id, s.instance_id
     LIMIT @limit OFFSET @offset`,
  ).all({
    ...all,
    limit: Math.min(Math.max(1, Math.trunc(params.limit ?? 200)), 1000),
    offset: Math.max(0, Math.trunc(params.offset ?? 0)),
  }) as Array<Omit<InventoryNodeHit, 'versions'> & { versionsJson: string }>;
  const collator = new Intl.Collator('en', { numeric: true });
  return {
    total,
    nodes: rows.map(({ versionsJson, ...row }) => ({ ...row, versions: (JSON.parse(versionsJson) as string[]).sort(collator.compare) })),
  };
}

/** Normalised products in the cache with their node counts, for the picker: Java 8 before Java 11. */
function products(db: Database, params: { workspaceIds: string[] }): LicenceProduct[] {
  const rows = prepareCached(
    db,
    `SELECT t.product AS product, MIN(t.family) AS family, COUNT(DISTINCT r.node_id) AS nodeCount
     FROM inventory_terms t
     JOIN inventory_rows r ON r.term_id = t.term_id
     JOIN inventory_nodes s ON s.node_id = r.node_id
     WHERE t.type_name = 'AWS:Application' AND t.product IS NOT NULL
       AND s.workspace_id IN (SELECT value FROM json_each(@workspaceIds))
     GROUP BY t.product`,
  ).all({ workspaceIds: workspacesParam(params.workspaceIds) }) as LicenceProduct[];
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return rows.sort((a, b) => collator.compare(a.family, b.family) || collator.compare(a.product, b.product));
}

/** The licence queries the store worker serves. */
export const licenceRepo = { usage, nodes, products };
