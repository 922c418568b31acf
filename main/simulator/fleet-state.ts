import type { PingStatus, SimulatedNode, SimulatedTag } from './fleet-generator';

/**
 * The live fleet behind a running simulator: nodes in fleet-index order, lookup by InstanceId,
 * and the mutations tests use to make nodes go offline or vanish between syncs. Mutated nodes
 * are replaced by plain copies; generated nodes are never edited in place.
 */

/** A page of matches and whether more matches exist after it. */
export interface ScanResult {
  readonly items: SimulatedNode[];
  readonly hasMore: boolean;
}

/** Mutable view of the fleet a simulator serves. */
export class FleetState {
  #nodes: SimulatedNode[];
  #byId: Map<string, SimulatedNode> | undefined;

  constructor(nodes: ReadonlyArray<SimulatedNode>) {
    this.#nodes = [...nodes].sort((a, b) => a.index - b.index);
  }

  /** Current nodes in listing order. */
  get nodes(): ReadonlyArray<SimulatedNode> {
    return this.#nodes;
  }

  /** The node with this InstanceId, if it is (still) in the fleet. */
  find(instanceId: string): SimulatedNode | undefined {
    return this.#index().get(instanceId);
  }

  /**
   * Up to `limit` nodes from `candidates` (sorted by index) with index > `afterIndex` that pass
   * `predicate`, plus whether another match follows — looked ahead so that the last page carries
   * no NextToken and N nodes take exactly ceil(N / pageSize) calls.
   */
  scan(
    afterIndex: number,
    limit: number,
    predicate: (node: SimulatedNode) => boolean,
    candidates: ReadonlyArray<SimulatedNode> = this.#nodes,
  ): ScanResult {
    const items: SimulatedNode[] = [];
    for (let pos = firstAfter(candidates, afterIndex); pos < candidates.length; pos++) {
      const node = candidates[pos];
      if (node === undefined || !predicate(node)) continue;
      if (items.length === limit) return { items, hasMore: true };
      items.push(node);
    }
    return { items, hasMore: false };
  }

  /** Sets a node's ping status; going Online stamps LastPingDateTime with `nowMs`. */
  setPingStatus(instanceId: string, status: PingStatus, nowMs: number): void {
    this.#replace(instanceId, (node) => ({
      index: node.index,
      InstanceId: node.InstanceId,
      info: {
        ...node.info,
        PingStatus: status,
        // Going offline keeps the last successful ping, as the agent stops reporting.
        LastPingDateTime: status === 'Online' ? Math.round(nowMs) / 1000 : node.info.LastPingDateTime,
      },
      tags: node.tags,
      inventoryCaptureTime: node.inventoryCaptureTime,
    }));
  }

  /** Replaces a node's tags. */
  setTags(instanceId: string, tags: ReadonlyArray<SimulatedTag>): void {
    this.#replace(instanceId, (node) => ({
      index: node.index,
      InstanceId: node.InstanceId,
      info: node.info,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      inventoryCaptureTime: node.inventoryCaptureTime,
    }));
  }

  /** Removes a node (deregistered / terminated): it disappears from every answer. */
  remove(instanceId: string): void {
    const node = this.#require(instanceId);
    this.#nodes.splice(this.#position(node), 1);
    this.#index().delete(instanceId);
  }

  #replace(instanceId: string, update: (node: SimulatedNode) => SimulatedNode): void {
    const node = this.#require(instanceId);
    const next = update(node);
    this.#nodes[this.#position(node)] = next;
    this.#index().set(instanceId, next);
  }

  #require(instanceId: string): SimulatedNode {
    const node = this.find(instanceId);
    if (!node) throw new RangeError(`No node ${instanceId} in the training fleet.`);
    return node;
  }

  #position(node: SimulatedNode): number {
    const pos = firstAfter(this.#nodes, node.index - 1);
    if (this.#nodes[pos] !== node) throw new RangeError(`Fleet order broken at index ${node.index}.`);
    return pos;
  }

  // Built on first lookup: a fresh 100,000-node simulator should start without computing ids.
  #index(): Map<string, SimulatedNode> {
    if (!this.#byId) {
      this.#byId = new Map();
      for (const node of this.#nodes) this.#byId.set(node.InstanceId, node);
    }
    return this.#byId;
  }
}

/** First position in `sorted` (by index) whose node index is greater than `afterIndex`. */
function firstAfter(sorted: ReadonlyArray<SimulatedNode>, afterIndex: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.index ?? Infinity) <= afterIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
