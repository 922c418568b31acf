import { commandLimits, type DocumentDetail, type FieldError, type PreviewNode, type TargetPreview, type TargetSelection } from '../../preload/contract/commands';
import type { CommandStore } from './command-store';
import { confirmationText, isProductionTag } from './parameter-rules';

/** Every node a selection resolves to in the fleet cache, flagged, with what is wrong with the selection. */
export interface ResolvedTargets {
  nodes: PreviewNode[];
  fieldErrors: FieldError[];
  cacheSyncedAt: number | null;
}

// The preview lists this many nodes; counts cover them all.
const PREVIEW_NODES = 1000;
const FLEET_PAGE = 1000;

/**
 * Resolves a selection from the fleet cache: ids (unknown ones named), the grid's quick filter
 * (through the grid's own query, so "what I see is what runs"), or a tag query as SSM resolves it
 * (AND across keys, OR across values). Offline and platform-mismatched nodes stay in, flagged.
 */
export async function resolveTargets(store: CommandStore, workspaceId: string, targets: TargetSelection, document: DocumentDetail | null): Promise<ResolvedTargets> {
  const fieldErrors: FieldError[] = [];
  let nodes: Array<Omit<PreviewNode, 'platformMismatch' | 'tagsKnown'>>;
  if (targets.kind === 'nodes') {
    const found = await store.targetNodes(workspaceId, targets.instanceIds);
    nodes = found.nodes;
    if (found.unknown.length > 0) {
      const shown = found.unknown.slice(0, 5).join(', ') + (found.unknown.length > 5 ? ` and ${found.unknown.length - 5} more` : '');
      fieldErrors.push({
        field: 'targets',
        message: `targets: ${shown} ${found.unknown.length === 1 ? 'is' : 'are'} not in this workspace's fleet (removed, or never managed). Refresh the fleet or remove ${found.unknown.length === 1 ? 'it' : 'them'}.`,
      });
    }
  } else if (targets.kind === 'filter') {
    nodes = await filterNodes(store, workspaceId, targets.filter, fieldErrors);
  } else {
    nodes = await store.tagNodes(workspaceId, targets.filters);
    if (nodes.length === 0) {
      const query = targets.filters.map((f) => `${f.key} = ${f.values.join(' or ')}`).join(' and ');
      fieldErrors.push({ field: 'targets', message: `targets: no node in the fleet cache is tagged ${query}. Check the tag key and values (they are case-sensitive).` });
    }
  }
  const platforms = document?.platformTypes ?? [];
  const unread = new Set(nodes.length > 0 ? await store.tagsUnread(workspaceId, nodes.map((n) => n.instanceId)) : []);
  const flagged = nodes.map((node) => ({
    ...node,
    tagsKnown: !unread.has(node.instanceId),
    platformMismatch: platforms.length > 0 && !platforms.includes(node.platformType),
  }));
  return { nodes: flagged, fieldErrors, cacheSyncedAt: await store.fleetSyncedAt(workspaceId) };
}

async function filterNodes(store: CommandStore, workspaceId: string, filter: string, fieldErrors: FieldError[]): Promise<Array<Omit<PreviewNode, 'platformMismatch' | 'tagsKnown'>>> {
  const nodes: Array<Omit<PreviewNode, 'platformMismatch' | 'tagsKnown'>> = [];
  for (let offset = 0; offset < commandLimits.maxNodesPerJob; offset += FLEET_PAGE) {
    const page = await store.listFleet({ workspaceIds: [workspaceId], filter, sort: { column: 'name', direction: 'asc' }, offset, limit: FLEET_PAGE });
    for (const row of page.rows) {
      nodes.push({
        instanceId: row.instanceId,
        name: row.name || row.computerName || row.instanceId,
        platformType: row.platformType,
        pingStatus: row.pingStatus,
        production: row.tags.some((tag) => isProductionTag(tag.key, tag.value)),
      });
    }
    if (page.total > commandLimits.maxNodesPerJob && offset === 0) {
      fieldErrors.push({
        field: 'targets',
        message: `targets: the filter matches ${page.total} nodes; a job takes at most ${commandLimits.maxNodesPerJob} listed nodes. Narrow the filter, or target a tag query.`,
      });
      return nodes;
    }
    if (offset + FLEET_PAGE >= page.total) break;
  }
  if (nodes.length === 0) fieldErrors.push({ field: 'targets', message: `targets: the filter "${filter}" matches no node. Change the filter in the fleet grid.` });
  return nodes;
}

/** The preview the form shows: the first 1,000 nodes, counts over all of them, and the confirmation they demand. */
export function toPreview(resolved: ResolvedTargets): TargetPreview {
  const { nodes } = resolved;
  return {
    nodes: nodes.slice(0, PREVIEW_NODES),
    total: nodes.length,
    online: nodes.filter((n) => n.pingStatus === 'Online').length,
    offline: nodes.filter((n) => n.pingStatus !== 'Online').length,
    platformMismatch: nodes.filter((n) => n.platformMismatch).length,
    production: nodes.filter((n) => n.production).length,
    tagsUnknown: nodes.filter((n) => !n.tagsKnown).length,
    typedConfirmation: confirmationText(nodes),
    cacheSyncedAt: resolved.cacheSyncedAt,
  };
}

/** Nodes a command can go to now: online and able to run the document. */
export function sendable(nodes: ReadonlyArray<PreviewNode>): PreviewNode[] {
  return nodes.filter((n) => n.pingStatus === 'Online' && !n.platformMismatch);
}

/** Why a node is kept back (its status already says Not sent), in the words the results list shows. */
export function keptBackReason(node: PreviewNode): string | null {
  if (node.pingStatus !== 'Online') return `Node is ${node.pingStatus === 'ConnectionLost' ? 'offline (connection lost)' : 'inactive'}`;
  if (node.platformMismatch) return `The document does not run on ${node.platformType}`;
  return null;
}
