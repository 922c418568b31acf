import type { Database } from 'better-sqlite3';
import { fleetRepo, type NodeUpsert } from '../../../main/fleet/fleet-repo';
import { toNodeTags, toSyncedNode } from '../../../main/fleet/fleet-mapping';
import { syncedTypeNames } from '../../../main/inventory/inventory-mapping';
import { inventoryRepo, type NodeInventoryWrite } from '../../../main/inventory/inventory-repo';
import { generateFleet, type SimulatedNode } from '../../../main/simulator/fleet-generator';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';

/** A training fleet stored as a sync would store it: the grid's nodes and (for most of them) their inventory. */
export interface SeededFleet {
  nodes: SimulatedNode[];
  /** Instance ids whose inventory was written. */
  withInventory: Set<string>;
}

/**
 * Writes a generated fleet into `db` straight through the repos (no HTTP): every node into the
 * fleet grid's table, and the inventory of every node `hasInventory` accepts, with the
 * simulator's content for each synced type, as the inventory sync writes it.
 */
export function seedFleetWithInventory(
  db: Database,
  options: { workspaceId: string; nodes: number; seed: number; hasInventory?: (node: SimulatedNode) => boolean },
): SeededFleet {
  const nodes = generateFleet({ nodes: options.nodes, seed: options.seed, now: Date.UTC(2026, 10, 1) });
  const location = { accountId: '111122223333', region: 'eu-west-1' };
  const upserts: NodeUpsert[] = nodes.map((node) => {
    const synced = toSyncedNode({ ...node.info, LastPingDateTime: undefined } as never, location)!;
    return { ...synced, tags: toNodeTags(node.tags.map((t) => ({ Key: t.Key, Value: t.Value }))) };
  });
  for (let i = 0; i < upserts.length; i += 1000) {
    fleetRepo.upsertNodes(db, { workspaceId: options.workspaceId, generation: 1, seenAt: 1, nodes: upserts.slice(i, i + 1000) });
  }
  const withInventory = new Set<string>();
  const writes: NodeInventoryWrite[] = [];
  const flush = (): void => {
    if (writes.length) inventoryRepo.writeNodes(db, { workspaceId: options.workspaceId, syncedAt: 2, nodes: writes.splice(0) });
  };
  for (const node of nodes) {
    if (options.hasInventory && !options.hasInventory(node)) continue;
    withInventory.add(node.InstanceId);
    writes.push({
      instanceId: node.InstanceId,
      platformType: node.info.PlatformType,
      captureTime: node.inventoryCaptureTime,
      types: syncedTypeNames.map((typeName) => ({
        typeName,
        captureTime: node.inventoryCaptureTime,
        entries: [...(INVENTORY_TYPES.get(typeName)?.content?.(node) ?? [])],
      })),
    });
    if (writes.length >= 200) flush();
  }
  flush();
  return { nodes, withInventory };
}
