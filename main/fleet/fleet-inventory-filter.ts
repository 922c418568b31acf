import type { Database } from 'better-sqlite3';
import { ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { prepareCached } from '../store/statement-cache';

/**
 * The quick filter's inventory terms, `app:` and `product:`, answered from the inventory cache
 * (migration 0050) in the same database: a term becomes the set of nodes with a matching
 * inventory entry. The fleet grid then filters its cached list by membership in that set, so the
 * rest of the filter path (character-pair index, sort orders, paging) stays as it is.
 *
 * A node without stored inventory has no entry, so it never matches a positive term and always
 * matches a negated one.
 */

/** `app:<text>`: entries (any type) whose name contains the text (any case); `app:"<name>@<version>"`: exactly that entry (case too). */
export interface AppTerm {
  kind: 'app';
  /** The substring (version null), or the exact name (version set). */
  name: string;
  /** The exact version when the text held a name@version; '' means "entries with no version". */
  version: string | null;
  negated: boolean;
}

/** `product:"Java 8"` (normalised product), `product:PostgreSQL` (product without its version) or `product:java` (family). */
export interface ProductTerm {
  kind: 'product';
  value: string;
  negated: boolean;
}

/** A term answered from the inventory cache. */
export type InventoryTerm = AppTerm | ProductTerm;

/**
 * Reads the value of `app:`. With an '@' after at least one character the text is
 * name@version, split at the LAST '@' (so `@scope/pkg@1.2` is the name `@scope/pkg` at 1.2, and
 * `user@host@` the name `user@host` with no version); otherwise, a leading '@' included, it is a
 * substring of the name. A name with '@' in it is also found by any part of it, e.g. `app:host`.
 */
export function appTermOf(value: string, negated: boolean): AppTerm {
  const at = value.lastIndexOf('@');
  if (at <= 0) return { kind: 'app', name: value, version: null, negated };
  return { kind: 'app', name: value.slice(0, at), version: value.slice(at + 1), negated };
}

/** Reads the value of `product:`; rejects what no normalised product could ever equal. */
export function productTermOf(value: string, negated: boolean): ProductTerm {
  if (value.trim() === '') throw new ValidationError(errorText('filter.productMissing'));
  return { kind: 'product', value: value.trim(), negated };
}

type Param = (value: unknown) => string;

const likeEscape = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// Trigram FTS5 needs three characters; a quoted string is a phrase of trigrams, i.e. a substring,
// and nothing inside the quotes is FTS syntax.
const minTrigram = 3;

/** SQL selecting the inventory term ids a term matches (the term dictionary is a few thousand rows). */
function termIdsSql(term: InventoryTerm, param: Param): string {
  if (term.kind === 'product') {
    // Equal to a product ("Java 8"), the product without its version ("PostgreSQL" for
    // "PostgreSQL 16"), or a family ("Java", "Database"); ASCII case folded, as labels are ASCII.
    return `SELECT term_id FROM inventory_terms WHERE family IS NOT NULL AND (product = ${param(term.value)} COLLATE NOCASE
      OR family = ${param(term.value)} COLLATE NOCASE OR product LIKE ${param(`${likeEscape(term.value)} %`)} ESCAPE '\\')`;
  }
  if (term.version !== null) {
    // Exact, case included: the inventory's search groups (what "Show in fleet grid" passes) tell
    // "OpenJDK" and "openjdk" apart, and the grid must count the same nodes as the group.
    return `SELECT term_id FROM inventory_terms WHERE name = ${param(term.name)} AND version = ${param(term.version)}`;
  }
  if ([...term.name].length >= minTrigram) {
    return `SELECT rowid FROM inventory_terms_fts WHERE inventory_terms_fts MATCH ${param(`name : "${term.name.replaceAll('"', '""')}"`)}`;
  }
  return `SELECT term_id FROM inventory_terms WHERE name LIKE ${param(`%${likeEscape(term.name)}%`)} ESCAPE '\\'`;
}

/** SQL selecting inventory_nodes.node_id of the nodes holding an entry the term matches. */
function inventoryNodeIdsSql(term: InventoryTerm, param: Param): string {
  return `SELECT r.node_id FROM inventory_rows r WHERE r.term_id IN (${termIdsSql(term, param)})`;
}

/**
 * A condition over the fleet's `nodes` table: the node holds an entry the term matches (the
 * term's `negated` is the caller's business). The node-id subquery is not correlated, so SQLite
 * runs it once per statement, not once per node.
 */
export function inventoryTermClause(term: InventoryTerm, param: Param): string {
  return `EXISTS (SELECT 1 FROM inventory_nodes s WHERE s.workspace_id = nodes.workspace_id AND s.instance_id = nodes.instance_id
    AND s.node_id IN (${inventoryNodeIdsSql(term, param)}))`;
}

/**
 * The rowids (in `nodes`) of a workspace's nodes, vanished ones too, that hold an entry the term matches.
 * The order is forced (CROSS JOIN): from the matching postings to their nodes, never the other
 * way. Left to itself on a cache without ANALYZE statistics, SQLite walked every fleet node and
 * probed the postings for each: 80 ms instead of 2 ms for product:"Java 8" on 1,000-2,000 nodes.
 */
export function inventoryTermRowids(db: Database, workspaceId: string, term: InventoryTerm): number[] {
  const params: Record<string, unknown> = { workspaceId };
  let n = 0;
  const param: Param = (value) => {
    const name = `inv${n++}`;
    params[name] = value;
    return `@${name}`;
  };
  const sql = `SELECT n.rowid FROM (SELECT DISTINCT r.node_id FROM inventory_rows r WHERE r.term_id IN (${termIdsSql(term, param)})) m
    CROSS JOIN inventory_nodes s ON s.node_id = m.node_id
    CROSS JOIN nodes n ON n.workspace_id = s.workspace_id AND n.instance_id = s.instance_id
    WHERE s.workspace_id = @workspaceId`;
  return prepareCached(db, sql).pluck().all(params) as number[];
}

interface Resolved {
  generation: string;
  rowids: number[];
}

// The last few resolutions per connection: scrolling asks for window after window of the same
// filter, and an operator adds terms after an app: term; each would otherwise resolve it again.
const memo = new WeakMap<Database, Map<string, Resolved>>();
const memoSize = 8;
const counted = new WeakSet<Database>();

/**
 * A value that changes whenever stored inventory may have changed. Every inventory write adds,
 * replaces or prunes whole nodes in inventory_nodes, so temporary triggers on that table (this
 * connection only, nothing in the file) count the writes made here; data_version moves when
 * another connection commits. Fleet syncs write often and leave it alone, so a resolved set
 * survives them: nodes are never deleted, only marked vanished, so its rowids stay valid.
 */
export function inventoryGeneration(db: Database): string {
  if (!counted.has(db)) {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS fleet_inventory_writes (n INTEGER NOT NULL);
      INSERT INTO fleet_inventory_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM fleet_inventory_writes);
      CREATE TEMP TRIGGER IF NOT EXISTS fleet_inventory_inserted AFTER INSERT ON main.inventory_nodes
        BEGIN UPDATE fleet_inventory_writes SET n = n + 1; END;
      CREATE TEMP TRIGGER IF NOT EXISTS fleet_inventory_updated AFTER UPDATE ON main.inventory_nodes
        BEGIN UPDATE fleet_inventory_writes SET n = n + 1; END;
      CREATE TEMP TRIGGER IF NOT EXISTS fleet_inventory_deleted AFTER DELETE ON main.inventory_nodes
        BEGIN UPDATE fleet_inventory_writes SET n = n + 1; END;`);
    counted.add(db);
  }
  const writes = prepareCached(db, 'SELECT n FROM temp.fleet_inventory_writes').pluck().get() as number;
  return `${writes}:${db.pragma('data_version', { simple: true }) as number}`;
}

/**
 * `inventoryTermRowids`, remembered until the stored inventory changes (see inventoryGeneration)
 * or the workspace gains nodes (`fleetNodes`, the count the caller's list holds: a node the fleet
 * lists for the first time may already have inventory).
 */
export function resolveInventoryTerm(db: Database, workspaceId: string, term: InventoryTerm, fleetNodes: number): number[] {
  const generation = `${inventoryGeneration(db)}:${fleetNodes}`;
  const key = JSON.stringify([workspaceId, term.kind, term.kind === 'app' ? [term.name, term.version] : term.value]);
  let perDb = memo.get(db);
  if (!perDb) {
    perDb = new Map();
    memo.set(db, perDb);
  }
  const hit = perDb.get(key);
  // Most recently used last, so the oldest is the first to go.
  perDb.delete(key);
  const resolved = hit && hit.generation === generation ? hit : { generation, rowids: inventoryTermRowids(db, workspaceId, term) };
  perDb.set(key, resolved);
  if (perDb.size > memoSize) perDb.delete(perDb.keys().next().value!);
  return resolved.rowids;
}
