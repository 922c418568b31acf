import type { InventoryNodeHit } from '../../preload/contract/inventory';
import type { LicenceMatch, LicenceProduct } from '../../preload/contract/licences';
import type { Store } from '../store/store';

/** What the licence service reads from the inventory cache. */
export interface LicenceUsageStore {
  usage(params: { workspaceIds: string[]; matches: LicenceMatch[] }): Promise<number[]>;
  nodes(params: { workspaceIds: string[]; match: LicenceMatch; limit?: number; offset?: number }): Promise<{ total: number; nodes: InventoryNodeHit[] }>;
  products(params: { workspaceIds: string[] }): Promise<LicenceProduct[]>;
}

const interactive = { priority: 'interactive' } as const;

/** Binds the licence repo in the store worker; every call answers a screen, so each is interactive. */
export function createLicenceUsageStore(store: Store): LicenceUsageStore {
  return {
    usage: (params) => store.run('licences', 'usage', params, interactive),
    nodes: (params) => store.run('licences', 'nodes', params, interactive),
    products: (params) => store.run('licences', 'products', params, interactive),
  };
}
