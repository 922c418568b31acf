import { describe, expect, it } from 'vitest';
import { compareVersions, formatShare, shareOf } from '../../../../../../../renderer/src/features/inventory/charts/chart-rows';

describe('compareVersions', () => {
  it('orders majors as numbers, not text (8 before 11)', () => {
    expect(['21', '8', '17', '11'].sort(compareVersions)).toEqual(['8', '11', '17', '21']);
  });

  it('compares dotted versions part by part', () => {
    expect(['1.24', '1.3', '1.18'].sort(compareVersions)).toEqual(['1.3', '1.18', '1.24']);
    expect(compareVersions('3.10.1.0', '3.9.2.0')).toBeGreaterThan(0);
    expect(compareVersions('2', '2.0')).toBe(0);
  });

  it('puts what is not a version after every version', () => {
    expect(['Unknown', '17', 'beta', '8'].sort(compareVersions)).toEqual(['8', '17', 'beta', 'Unknown']);
  });
});

describe('formatShare', () => {
  it('rounds to whole percent in the locale', () => {
    expect(formatShare(412 / 1204, 'en')).toBe('34%');
    expect(formatShare(1, 'en')).toBe('100%');
    expect(formatShare(0.5, 'ja')).toBe('50%');
  });

  it('never shows a real but tiny slice as 0%', () => {
    expect(formatShare(1 / 1500, 'en')).toBe('<1%');
    expect(formatShare(0, 'en')).toBe('0%');
  });
});

describe('shareOf', () => {
  it('is 0, not NaN, for an empty total', () => {
    expect(shareOf(0, 0)).toBe(0);
    expect(shareOf(3, 12)).toBe(0.25);
  });
});
