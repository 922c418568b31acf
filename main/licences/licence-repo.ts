import type { Database } from 'better-sqlite3';
import type { InventoryNodeHit } from '../../preload/contract/inventory';
import type { LicenceMatch, LicenceProduct } from '../../preload/contract/licences';
import { ValidationError } from '../errors/app-error';
import { prepareCached } from '../store/statement-cache';

/**
 * Licence usage over the inventory cache (store worker side, read-only): which AWS:Application
 * terms a licence counts, and the distinct nodes in the chosen workspaces that have one.
 *
 * Terms are a few thousand even on a 1.5 M-row cache, so they are matched here in one pass (the
 * same case folding for counting and listing), and each matched term's nodes are read once by the
 * rows-by-term index however many licences share it: one SQL query per licence was 12 ms a
 * licence on 10,000 nodes, too slow for a table of a few hundred.
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
  const name = match.name.toLowerCase();
  const publisher = match.publisher.toLowerCase();
  return terms.filter((t) => t.name.includes(name) && (!publisher || t.publisher.includes(publisher))).map((t) => t.id);
}

function workspacesParam(workspaceIds: unknown): string {
  if (!Array.isArray(workspaceIds) || workspaceIds.length === 0) throw new ValidationError('Choose at least one workspace to count licences in.');
  return JSON.stringify(workspaceIds);
}

/** Distinct nodes with a matching application, per licence, in the order given. */
function usage(db: Database, params: { workspaceIds: string[]; matches: LicenceMatch[] }): number[] {
  const workspaceIds = workspacesParam(params.workspaceIds);
  const terms = applicationTerms(db);
  const termsOf = params.matches.map((match) => matchingTerms(terms, match));
  const inWorkspaces = new Set(
    prepareCached(db, 'SELECT node_id FROM inventory_nodes WHERE workspace_id IN (SELECT value FROM json_each(@workspaceIds))')
      .pluck()
      .all({ workspaceIds }) as number[],
  );
  const nodesOfTerm = prepareCached(db, 'SELECT node_id FROM inventory_rows WHERE term_id = @termId').pluck();
  const nodesByTerm = new Map<number, number[]>();
  for (const ids of termsOf) {
    for (const termId of ids) {
      if (!nodesByTerm.has(termId)) nodesByTerm.set(termId, (nodesOfTerm.all({ termId }) as number[]).filter((n) => inWorkspaces.has(n)));
    }
  }
  // Licences counted the same way (one product under two contract names) are counted once.
  const counted = new Map<string, number>();
  return params.matches.map((match, i) => {
    const key = JSON.stringify(match.kind === 'product' ? [match.product.toLowerCase()] : [match.name.toLowerCase(), match.publisher.toLowerCase()]);
    let count = counted.get(key);
    if (count === undefined) {
      const nodes = new Set<number>();
      for (const termId of termsOf[i] ?? []) for (const node of nodesByTerm.get(termId) ?? []) nodes.add(node);
      count = nodes.size;
      counted.set(key, count);
    }
    return count;
  });
}

const nodesOfTerms = `
  FROM inventory_rows r
  JOIN inventory_nodes s ON s.node_id = r.node_id
  JOIN inventory_terms t ON t.term_id = r.term_id
  WHERE r.term_id IN (SELECT value FROM json_each(@termIds))
    AND s.workspace_id IN (SELECT value FROM json_each(@workspaceIds))`;

/** The nodes behind one licence's used count, by workspace and instance id. */
function nodes(
  db: Database,
  params: { workspaceIds: string[]; match: LicenceMatch; limit?: number; offset?: number },
): { total: number; nodes: InventoryNodeHit[] } {
  const workspaceIds = workspacesParam(params.workspaceIds);
  const all = { termIds: JSON.stringify(matchingTerms(applicationTerms(db), params.match)), workspaceIds };
  const total = prepareCached(db, `SELECT COUNT(DISTINCT r.node_id) ${nodesOfTerms}`).pluck().get(all) as number;
  const rows = prepareCached(
    db,
    `SELECT s.workspace_id AS workspaceId, s.instance_id AS instanceId,
       COALESCE((SELECT n.name FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id), '') AS name,
       COALESCE((SELECT n.platform_type FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id), s.platform_type) AS platformType,
       (SELECT n.ping_status FROM nodes n WHERE n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id) AS pingStatus,
       json_group_array(DISTINCT t.version) AS versionsJson, MAX(r.capture_time) AS captureTime, MAX(r.synced_at) AS syncedAt
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
