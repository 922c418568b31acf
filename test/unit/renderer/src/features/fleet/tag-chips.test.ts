import { describe, expect, it } from 'vitest';
import {
  CHIP_GAP_PX,
  estimateChipWidth,
  layoutTagChips,
  orderTags,
} from '../../../../../../renderer/src/features/fleet/tag-chips';

const tags = [
  { key: 'Team', value: 'payments' },
  { key: 'Name', value: 'web-01' },
  { key: 'Environment', value: 'prod' },
  { key: 'Zeta', value: 'z' },
  { key: 'Alpha', value: 'a' },
];

// Fixed-width measure so the tests state exact budgets: 10 px a character.
const measure = (label: string): number => label.length * 10;

describe('orderTags', () => {
  it('puts well-known keys first, then the rest alphabetically, and leaves out Name', () => {
    expect(orderTags(tags).map((t) => t.key)).toEqual(['Environment', 'Team', 'Alpha', 'Zeta']);
  });
});

describe('layoutTagChips', () => {
  it('shows every chip when they all fit', () => {
    const layout = layoutTagChips(tags, 10_000, measure);
    expect(layout).toEqual({ shown: ['Environment=prod', 'Team=payments', 'Alpha=a', 'Zeta=z'], hidden: 0 });
  });

  it('hides the overflow behind +N, keeping room for the +N chip itself', () => {
    // Environment=prod (160) + gap + Team=payments (130) = 294; "+2" needs 20 + gap.
    const layout = layoutTagChips(tags, 294 + CHIP_GAP_PX + 20, measure);
    expect(layout).toEqual({ shown: ['Environment=prod', 'Team=payments'], hidden: 2 });
    const tighter = layoutTagChips(tags, 294 + CHIP_GAP_PX + 19, measure);
    expect(tighter).toEqual({ shown: ['Environment=prod'], hidden: 3 });
  });

  it('always shows the first chip in a narrow column, so the cell is never just "+N"', () => {
    expect(layoutTagChips(tags, 30, measure)).toEqual({ shown: ['Environment=prod'], hidden: 3 });
  });

  it('paints nothing for a node without tags (or with only Name)', () => {
    expect(layoutTagChips([], 300, measure)).toEqual({ shown: [], hidden: 0 });
    expect(layoutTagChips([{ key: 'Name', value: 'x' }], 300, measure)).toEqual({ shown: [], hidden: 0 });
  });
});

describe('estimateChipWidth', () => {
  it('counts wide (CJK) characters as two columns', () => {
    const ascii = estimateChipWidth('Env=ab');
    const wide = estimateChipWidth('Env=本番');
    expect(wide).toBeGreaterThan(ascii);
    expect(wide - ascii).toBeCloseTo(estimateChipWidth('Env=abcd') - ascii);
  });
});
