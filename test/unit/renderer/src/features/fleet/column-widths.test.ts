import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../../../../renderer/src/features/fleet/column-widths';
import {
  COLUMN_WIDTHS_KEY,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  clampColumnWidth,
  loadColumnWidths,
  saveColumnWidths,
} from '../../../../../../renderer/src/features/fleet/column-widths';

const defaults = { name: 200, ip: 120 } as const;

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

describe('column width persistence', () => {
  it('round-trips widths through the store', () => {
    const store = memoryStore();
    saveColumnWidths(store, { name: 321, ip: 99 });
    expect(loadColumnWidths(store, defaults)).toEqual({ name: 321, ip: 99 });
  });

  it('uses defaults when nothing is stored or there is no storage', () => {
    expect(loadColumnWidths(memoryStore(), defaults)).toEqual(defaults);
    expect(loadColumnWidths(undefined, defaults)).toEqual(defaults);
  });

  it('survives corrupt or foreign data: bad JSON, arrays, strings, unknown ids', () => {
    for (const raw of ['{not json', '[1,2]', '"wide"', 'null']) {
      expect(loadColumnWidths(memoryStore({ [COLUMN_WIDTHS_KEY]: raw }), defaults)).toEqual(defaults);
    }
    const mixed = memoryStore({ [COLUMN_WIDTHS_KEY]: JSON.stringify({ name: 'wide', ip: 150, gone: 400 }) });
    expect(loadColumnWidths(mixed, defaults)).toEqual({ name: 200, ip: 150 });
  });

  it('clamps stored widths, so a bad value cannot hide a column or push the rest away', () => {
    const store = memoryStore({ [COLUMN_WIDTHS_KEY]: JSON.stringify({ name: 1, ip: 99_999 }) });
    expect(loadColumnWidths(store, defaults)).toEqual({ name: MIN_COLUMN_WIDTH, ip: MAX_COLUMN_WIDTH });
    expect(clampColumnWidth(Number.NaN)).toBe(MIN_COLUMN_WIDTH);
    expect(clampColumnWidth(150.6)).toBe(151);
  });

  it('keeps working when the storage throws (quota, privacy mode)', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => saveColumnWidths(broken, defaults)).not.toThrow();
    expect(loadColumnWidths(broken, defaults)).toEqual(defaults);
  });
});
