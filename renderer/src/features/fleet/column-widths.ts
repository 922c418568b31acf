// Pure persistence of the grid's column widths; the storage is passed in so tests need no DOM.

/** The part of `Storage` this module uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Narrowest a column can be dragged: a dot and a few characters stay readable. */
export const MIN_COLUMN_WIDTH = 56;
/** Widest a column can be dragged, so a slip of the mouse cannot push the rest off screen. */
export const MAX_COLUMN_WIDTH = 1200;

/** localStorage key; bump the suffix if column ids change meaning. */
export const COLUMN_WIDTHS_KEY = 'capstan.fleet.columnWidths.v1';

/** Rounds and clamps a dragged width into the allowed range. */
export function clampColumnWidth(px: number): number {
  if (!Number.isFinite(px)) return MIN_COLUMN_WIDTH;
  return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.round(px)));
}

/** Stored widths over the defaults; unknown ids, bad numbers and corrupt JSON fall back to defaults. */
export function loadColumnWidths<K extends string>(
  store: KeyValueStore | undefined,
  defaults: Readonly<Record<K, number>>,
  key: string = COLUMN_WIDTHS_KEY,
): Record<K, number> {
  const widths = { ...defaults } as Record<K, number>;
  let raw: string | null;
  try {
    raw = store?.getItem(key) ?? null;
  } catch {
    return widths; // storage disabled: defaults are fine
  }
  if (!raw) return widths;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return widths;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return widths;
  for (const id of Object.keys(defaults) as K[]) {
    const value = (parsed as Record<string, unknown>)[id];
    if (typeof value === 'number' && Number.isFinite(value)) widths[id] = clampColumnWidth(value);
  }
  return widths;
}

/** Writes the widths; a full or disabled storage only loses the preference, never the UI. */
export function saveColumnWidths<K extends string>(
  store: KeyValueStore | undefined,
  widths: Readonly<Record<K, number>>,
  key: string = COLUMN_WIDTHS_KEY,
): void {
  try {
    store?.setItem(key, JSON.stringify(widths));
  } catch {
    // Quota or privacy mode: keep working with in-memory widths.
  }
}
