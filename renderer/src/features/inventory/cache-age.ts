import type { InventoryWorkspaceStatus } from '../../../../preload/contract/inventory';

// Inventory is re-read every 30 minutes; data older than two rounds is worth a word, younger is not.
export const STALE_AFTER_MS = 60 * 60_000;

/** What the cache banner says: which workspaces could not refresh, or how old the data is, or nothing. */
export type CacheBannerState =
  | { kind: 'failed'; workspaces: InventoryWorkspaceStatus[] }
  | { kind: 'stale'; since: number }
  | null;

/**
 * A failed refresh always shows (the data may be old and the operator should know why); otherwise
 * the oldest successful refresh shows once it is past STALE_AFTER_MS. Fresh data, or a workspace
 * never synced and not failing (the screen's empty state covers it), shows nothing.
 */
export function cacheBannerState(workspaces: readonly InventoryWorkspaceStatus[], now: number): CacheBannerState {
  const failed = workspaces.filter((w) => w.lastError !== null);
  if (failed.length > 0) return { kind: 'failed', workspaces: failed };
  const synced = workspaces.map((w) => w.lastSyncedAt).filter((at): at is number => at !== null);
  if (synced.length === 0) return null;
  const oldest = Math.min(...synced);
  return now - oldest > STALE_AFTER_MS ? { kind: 'stale', since: oldest } : null;
}
