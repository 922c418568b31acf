import { describe, expect, it } from 'vitest';
import type { VersionShare } from '../../../../../../../preload/contract/inventory';
import { sliceLabel, versionShareRows } from '../../../../../../../renderer/src/features/inventory/charts/version-share-model';
import { palette } from './palette-fixture';

const java = (slices: Array<[string, number]>, nodeCount: number): VersionShare => ({
  family: 'Java',
  nodeCount,
  slices: slices.map(([major, count]) => ({ product: `Java ${major}`, major, nodeCount: count })),
});

describe('versionShareRows', () => {
  it('lists Java majors in version order whatever order main sends', () => {
    const rows = versionShareRows(java([['11', 5], ['17', 4], ['21', 2], ['8', 9]], 20), palette);
    expect(rows.map((row) => row.label)).toEqual(['Java 8', 'Java 11', 'Java 17', 'Java 21']);
    expect(rows.map((row) => row.major)).toEqual(['8', '11', '17', '21']);
  });

  it('takes each share of the distinct nodes, so a node with two majors counts in both', () => {
    // 10 nodes; 2 of them have both Java 8 and Java 17: 6 + 6 = 12 memberships.
    const rows = versionShareRows(java([['8', 6], ['17', 6]], 10), palette);
    expect(rows.map((row) => row.share)).toEqual([0.6, 0.6]);
    expect(rows.map((row) => row.count)).toEqual([6, 6]);
  });

  it('keeps each product together and orders its majors as versions', () => {
    const share: VersionShare = {
      family: 'Web server',
      nodeCount: 40,
      slices: [
        { product: 'nginx', major: '1.24', nodeCount: 5 },
        { product: 'Apache HTTP Server', major: '2.4', nodeCount: 20 },
        { product: 'nginx', major: '1.3', nodeCount: 3 },
        { product: 'Apache HTTP Server', major: '2.2', nodeCount: 12 },
      ],
    };
    expect(versionShareRows(share, palette).map((row) => row.label)).toEqual([
      'Apache HTTP Server 2.2',
      'Apache HTTP Server 2.4',
      'nginx 1.3',
      'nginx 1.24',
    ]);
  });

  it('gives each slice its own colour in order, cycling past the palette', () => {
    const majors = ['8', '9', '10', '11', '12', '13', '14', '15', '16'];
    const rows = versionShareRows(java(majors.map((m) => [m, 1]), 9), palette);
    expect(rows.map((row) => row.colour)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's1']);
    expect(rows.every((row) => row.clickable)).toBe(true);
  });

  it('has no rows (the empty state) when the family is absent', () => {
    expect(versionShareRows(java([], 0), palette)).toEqual([]);
  });
});

describe('sliceLabel', () => {
  it('does not repeat a major the product already names', () => {
    expect(sliceLabel('Java 8', '8')).toBe('Java 8');
    expect(sliceLabel('Microsoft SQL Server', '2019')).toBe('Microsoft SQL Server 2019');
    expect(sliceLabel('Java 1', '11')).toBe('Java 1 11');
  });
});
