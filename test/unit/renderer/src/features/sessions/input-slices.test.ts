import { describe, expect, it } from 'vitest';
import { INPUT_SLICE, sliceInput } from '../../../../../../renderer/src/features/sessions/input-slices';

describe('sliceInput', () => {
  it('keeps keystrokes whole and splits a big paste under the contract cap', () => {
    expect(sliceInput('ls -l\r')).toEqual(['ls -l\r']);
    const paste = 'x'.repeat(INPUT_SLICE * 2 + 5);
    const slices = sliceInput(paste);
    expect(slices.map((s) => s.length)).toEqual([INPUT_SLICE, INPUT_SLICE, 5]);
    expect(slices.join('')).toBe(paste);
  });

  it('never cuts an emoji (surrogate pair) in two', () => {
    const text = 'ab😀cd';
    const slices = sliceInput(text, 3);
    expect(slices.join('')).toBe(text);
    for (const s of slices) expect(s).toBe(Array.from(s).join(''));
    expect(slices).toEqual(['ab', '😀c', 'd']);
  });

  it('returns nothing for empty input', () => {
    expect(sliceInput('')).toEqual([]);
  });
});
