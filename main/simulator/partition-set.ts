import { createHash } from 'node:crypto';
import { MAX_FLEET_SIZE, MAX_ID_BLOCK, MIN_FLEET_SIZE } from './fleet-generator';
import { Partition } from './partition';
import type { PartitionOptions } from './partition';
import { mix32 } from './seeded-random';

/**
 * Every (account, region) partition of one simulator. The primary one is built at start and
 * keeps exactly the fleet a single-account simulator had; the others appear on first use, with
 * content seeded from (seed, account, region) and an instance-id block of their own, so an id
 * names one node in the whole simulator.
 */

/** What every partition shares; per-partition fields are filled in here. */
export type PartitionDefaults = Omit<PartitionOptions, 'accountId' | 'region' | 'nodes' | 'seed' | 'ids'>;

/** How the set sizes and seeds its partitions. */
export interface PartitionSetOptions {
  readonly primary: { readonly accountId: string; readonly region: string };
  /** Nodes of the primary partition. */
  readonly nodes: number;
  /** Nodes of every other partition. */
  readonly partitionNodes: number;
  readonly seed: number;
  readonly defaults: PartitionDefaults;
}

/** The size other partitions get unless told: a fifth of the primary fleet, at least the minimum. */
export function defaultPartitionNodes(primaryNodes: number): number {
  return Math.min(MAX_FLEET_SIZE, Math.max(MIN_FLEET_SIZE, Math.round(primaryNodes / 5)));
}

/** Lazily created partitions keyed by account and region. */
export class PartitionSet {
  readonly primary: Partition;
  readonly #options: PartitionSetOptions;
  readonly #partitions = new Map<string, Partition>();
  readonly #blocks = new Set<number>([0]);
  #closed = false;

  constructor(options: PartitionSetOptions) {
    this.#options = options;
    const { accountId, region } = options.primary;
    this.primary = new Partition({
      ...options.defaults,
      accountId,
      region,
      nodes: options.nodes,
      seed: options.seed,
      ids: { seed: options.seed, block: 0 },
    });
    this.#partitions.set(keyOf(accountId, region), this.primary);
  }

  /** The partition of `accountId` in `region`, created on first use. */
  get(accountId: string, region: string): Partition {
    const key = keyOf(accountId, region);
    const existing = this.#partitions.get(key);
    if (existing) return existing;
    if (this.#closed) throw new Error('The training fleet is stopping.');
    const digest = hash32(key);
    const partition = new Partition({
      ...this.#options.defaults,
      accountId,
      region,
      nodes: this.#options.partitionNodes,
      seed: mix32(this.#options.seed ^ digest),
      ids: { seed: this.#options.seed, block: this.#freeBlock(digest) },
    });
    this.#partitions.set(key, partition);
    return partition;
  }

  /** Every partition created so far (primary first). */
  all(): ReadonlyArray<Partition> {
    return [...this.#partitions.values()];
  }

  /** The partition whose Session Manager knows `sessionId`, if any. */
  owningSession(sessionId: string): Partition | undefined {
    return this.all().find((p) => p.ownsSession(sessionId));
  }

  /** Closes every partition; resolves when all shells are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.all().map((p) => p.close()));
  }

  // Deterministic for a given (account, region) unless two partitions hash to one block, in
  // which case the later one probes on: uniqueness wins over stability in that 1-in-32k case.
  #freeBlock(digest: number): number {
    if (this.#blocks.size > MAX_ID_BLOCK) throw new RangeError(`The training fleet serves at most ${MAX_ID_BLOCK + 1} account × region partitions.`);
    let block = (digest % MAX_ID_BLOCK) + 1;
    while (this.#blocks.has(block)) block = (block % MAX_ID_BLOCK) + 1;
    this.#blocks.add(block);
    return block;
  }
}

function keyOf(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
