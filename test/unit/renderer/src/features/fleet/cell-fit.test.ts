import { describe, expect, it } from 'vitest';
import { CELL_PADDING_PX, cellClass, cellTextWidth, widthOf } from '../../../../../../renderer/src/features/fleet/cell-fit';

describe('cellClass', () => {
  it('leaves a cell whose text fits its content box unclipped, to the pixel', () => {
    expect(cellClass('cell mono', 100 - CELL_PADDING_PX, 100)).toBe('cell mono');
  });

  it('clips a cell whose text is wider than its content box', () => {
    expect(cellClass('cell mono', 100 - CELL_PADDING_PX + 0.5, 100)).toBe('cell mono is-clipped');
  });

  it('clips a cell whose width could not be measured, as every cell once did', () => {
    expect(cellClass('cell', null, 1000)).toBe('cell is-clipped');
  });
});

describe('widthOf', () => {
  it('adds the parts of a cell (a mark, its text, a badge)', () => {
    expect(widthOf(16, 40.5, 0)).toBe(56.5);
  });

  it('is unknown when any part is', () => {
    expect(widthOf(16, null)).toBeNull();
  });
});

describe('cellTextWidth', () => {
  it('knows an empty text is zero wide without measuring it', () => {
    expect(cellTextWidth('', 'mono')).toBe(0);
  });

  it('is unknown where no canvas can measure (the cell then clips)', () => {
    // Unit tests run without a DOM canvas; Chromium measures for real (fleet-grid e2e).
    expect(cellTextWidth('i-0123456789abcdef0', 'mono')).toBeNull();
  });
});
