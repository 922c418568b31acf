// Terminal font size: one remembered value for every tab, clamped to sizes that stay usable.
import type { KeyValueStore } from '../fleet/column-widths';

/** Size a fresh install starts with and Ctrl+0 returns to. */
export const DEFAULT_FONT_SIZE = 13;
/** Smallest size Ctrl+- reaches. */
export const MIN_FONT_SIZE = 8;
/** Largest size Ctrl+= reaches. */
export const MAX_FONT_SIZE = 32;
/** localStorage key of the remembered size. */
export const FONT_SIZE_KEY = 'capstan.terminal.fontSize';

/** Rounds and clamps a size; anything not a finite number becomes the default. */
export function clampFontSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_FONT_SIZE;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
}

/** The next size for a key: one point per step, reset to the default. */
export function stepFontSize(current: number, action: 'font-bigger' | 'font-smaller' | 'font-reset'): number {
  if (action === 'font-reset') return DEFAULT_FONT_SIZE;
  return clampFontSize(current + (action === 'font-bigger' ? 1 : -1));
}

/** The remembered size, or the default when none or garbage is stored. */
export function loadFontSize(store: KeyValueStore | undefined): number {
  let raw: string | null;
  try {
    raw = store?.getItem(FONT_SIZE_KEY) ?? null;
  } catch {
    return DEFAULT_FONT_SIZE;
  }
  return raw === null || raw.trim() === '' ? DEFAULT_FONT_SIZE : clampFontSize(Number(raw));
}

/** Remembers a size; a full or disabled storage only loses the preference. */
export function saveFontSize(store: KeyValueStore | undefined, size: number): void {
  try {
    store?.setItem(FONT_SIZE_KEY, String(clampFontSize(size)));
  } catch {
    // Quota or privacy mode: the size still applies until the window closes.
  }
}
