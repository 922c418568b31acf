import { describe, expect, it } from 'vitest';
import { DEFAULT_FONT_SIZE, FONT_SIZE_KEY, MAX_FONT_SIZE, MIN_FONT_SIZE, loadFontSize, saveFontSize, stepFontSize } from '../../../../../../renderer/src/features/sessions/font-size';

function memory(initial: Record<string, string> = {}) {
  const data = { ...initial };
  return { data, getItem: (k: string) => data[k] ?? null, setItem: (k: string, v: string) => void (data[k] = v) };
}

describe('terminal font size', () => {
  it('steps by one point within bounds and resets to the default', () => {
    expect(stepFontSize(13, 'font-bigger')).toBe(14);
    expect(stepFontSize(13, 'font-smaller')).toBe(12);
    expect(stepFontSize(MAX_FONT_SIZE, 'font-bigger')).toBe(MAX_FONT_SIZE);
    expect(stepFontSize(MIN_FONT_SIZE, 'font-smaller')).toBe(MIN_FONT_SIZE);
    expect(stepFontSize(20, 'font-reset')).toBe(DEFAULT_FONT_SIZE);
  });

  it('remembers a size and reads it back; garbage or nothing gives the default', () => {
    const store = memory();
    expect(loadFontSize(store)).toBe(DEFAULT_FONT_SIZE);
    saveFontSize(store, 17);
    expect(store.data[FONT_SIZE_KEY]).toBe('17');
    expect(loadFontSize(store)).toBe(17);
    expect(loadFontSize(memory({ [FONT_SIZE_KEY]: 'huge' }))).toBe(DEFAULT_FONT_SIZE);
    expect(loadFontSize(memory({ [FONT_SIZE_KEY]: '400' }))).toBe(MAX_FONT_SIZE);
    expect(loadFontSize(undefined)).toBe(DEFAULT_FONT_SIZE);
  });

  it('survives a storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(loadFontSize(broken)).toBe(DEFAULT_FONT_SIZE);
    expect(() => saveFontSize(broken, 15)).not.toThrow();
  });
});
