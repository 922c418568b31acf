import type { SimulatedNode } from '../fleet-generator';
import { LINUX_ROLES, WINDOWS_ROLES } from '../fleet-catalog';
import { hex8, mix32, mulberry32, pickWeighted } from '../seeded-random';
import type { RandomSource } from '../seeded-random';

/**
 * What a node's inventory is derived from: its platform, CPU architecture, role and a seed taken
 * from its InstanceId (which itself depends only on the fleet seed and index), so the same fleet
 * seed always yields the same software without storing anything per node.
 */

/** The operating-system builds the inventory catalog knows. */
export type PlatformKey = 'al2023' | 'rhel8' | 'rhel9' | 'sles15' | 'ubuntu2204' | 'ubuntu2404' | 'debian12' | 'win2019' | 'win2022';

/** Everything the inventory generators need to know about one node. */
export interface InventoryProfile {
  readonly node: SimulatedNode;
  readonly platform: PlatformKey;
  readonly windows: boolean;
  /** CPU as the platform's package manager spells it on x86 (`x86_64`) or Graviton (`aarch64`). */
  readonly arch: 'x86_64' | 'aarch64';
  readonly role: string;
  readonly hybrid: boolean;
  /** 32-bit hash of the InstanceId; every per-node draw starts from it. */
  readonly seed: number;
  /** The node's capture time in epoch milliseconds. */
  readonly captureMs: number;
  /** False for the few nodes whose inventory association never ran. */
  readonly hasInventory: boolean;
}

/** Share of nodes with no collected inventory (only AWS:InstanceInformation and AWS:Tag). */
export const NO_INVENTORY_SHARE = 0.04;
/** Share of Amazon Linux 2023 and Ubuntu 24.04 EC2 nodes on Graviton. */
const GRAVITON_SHARE = 0.25;

const SALT_PROFILE = 0x70726f66;

/** FNV-1a over a string: the per-node seed. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A random stream for one purpose of one node. */
export function profileStream(profile: InventoryProfile, salt: number): RandomSource {
  return mulberry32(mix32(profile.seed ^ mix32(salt)));
}

/** An upper-case MSI ProductCode `{…}` that depends only on `text`. */
export function guidFor(text: string, lowerCase = false): string {
  const a = hashText(text);
  const b = mix32(a ^ 0x9e3779b9);
  const c = mix32(b ^ 0x85ebca6b);
  const d = mix32(c ^ 0xc2b2ae35);
  const hex = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const guid = `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
  return lowerCase ? guid : guid.toUpperCase();
}

function platformKey(node: SimulatedNode): PlatformKey {
  const { PlatformName: name, PlatformVersion: version } = node.info;
  if (node.info.PlatformType === 'Windows') return name.includes('2019') ? 'win2019' : 'win2022';
  if (name.startsWith('Amazon Linux')) return 'al2023';
  if (name.startsWith('Red Hat')) return version.startsWith('8') ? 'rhel8' : 'rhel9';
  if (name.startsWith('SLES')) return 'sles15';
  if (name.startsWith('Ubuntu')) return version.startsWith('24') ? 'ubuntu2404' : 'ubuntu2204';
  return 'debian12';
}

/** The inventory profile of a node. */
export function inventoryProfile(node: SimulatedNode): InventoryProfile {
  const seed = hashText(node.InstanceId);
  const random = mulberry32(mix32(seed ^ SALT_PROFILE));
  const platform = platformKey(node);
  const windows = node.info.PlatformType === 'Windows';
  const hybrid = node.info.ResourceType === 'ManagedInstance';
  const gravitonCapable = !hybrid && (platform === 'al2023' || platform === 'ubuntu2404');
  const graviton = random() < GRAVITON_SHARE && gravitonCapable;
  const hasInventory = random() >= NO_INVENTORY_SHARE;
  const drawnRole = pickWeighted(random, windows ? WINDOWS_ROLES : LINUX_ROLES);
  const role = node.tags.find((t) => t.Key === 'Role')?.Value ?? drawnRole;
  return {
    node,
    platform,
    windows,
    arch: graviton ? 'aarch64' : 'x86_64',
    role,
    hybrid,
    seed,
    captureMs: Date.parse(node.inventoryCaptureTime),
    hasInventory,
  };
}

/** `YYYY-MM-DDThh:mm:ssZ` for an epoch-millisecond time (seconds precision, as the agent reports). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Midnight UTC of the day of `ms`, as Windows InstallDate (yyyymmdd) reaches inventory. */
export function isoMidnight(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00Z`;
}
