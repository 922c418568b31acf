import type { KeyValueStore } from '../features/fleet/column-widths';

/** localStorage, or undefined where the page may not use it (then preferences live in memory only). */
export function localStore(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Reads one stored string; never throws. */
export function readPreference(key: string): string | null {
  try {
    return localStore()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores one string; a full or disabled storage only loses the preference. */
export function writePreference(key: string, value: string): void {
  try {
    localStore()?.setItem(key, value);
  } catch {
    // Quota or privacy mode: the choice still applies for this session.
  }
}
