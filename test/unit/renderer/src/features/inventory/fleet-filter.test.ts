import { describe, expect, it } from 'vitest';
import type { VersionShare } from '../../../../../../preload/contract/inventory';
import { fleetFilterFor, matchOf, productOfSlice } from '../../../../../../renderer/src/features/inventory/fleet-filter';

const group = { kind: 'group', typeName: 'AWS:Application', publisher: 'Amazon', nodeCount: 3 } as const;

describe('Show in fleet grid filter', () => {
  it('names a search group by exact name and version', () => {
    expect(fleetFilterFor({ ...group, name: 'java-17-amazon-corretto', version: '17.0.9.8-1' })).toBe('app:"java-17-amazon-corretto@17.0.9.8-1"');
  });

  it('names a group without a version exactly, as the entries with no version', () => {
    expect(fleetFilterFor({ ...group, typeName: 'AWS:Network', name: 'eth0', version: '' })).toBe('app:"eth0@"');
  });

  it('names a tag group as the grid\'s own tag filter, quoted so spaces and "=" in values survive', () => {
    expect(fleetFilterFor({ ...group, typeName: 'AWS:Tag', name: 'Environment', version: 'prod' })).toBe('tag:"Environment"="prod"');
    expect(fleetFilterFor({ ...group, typeName: 'AWS:Tag', name: 'Cost Centre', version: 'a=b c' })).toBe('tag:"Cost Centre"="a=b c"');
  });

  it('names a chart slice by its normalised product', () => {
    expect(fleetFilterFor({ kind: 'slice', family: 'Java', major: '8', product: 'Java 8' })).toBe('product:"Java 8"');
  });

  it('offers no filter the grid cannot parse (a quote in the name) or cannot know (no product)', () => {
    expect(fleetFilterFor({ ...group, name: 'Tool "Pro"', version: '1' })).toBeNull();
    expect(fleetFilterFor({ kind: 'slice', family: 'Database', major: '16', product: null })).toBeNull();
  });

  it('lists the same nodes as the subject: term with version, family with major and the bar\'s product', () => {
    expect(matchOf({ ...group, name: 'nginx', version: '1.24.0' })).toEqual({ kind: 'term', typeName: 'AWS:Application', name: 'nginx', version: '1.24.0' });
    expect(matchOf({ kind: 'slice', family: 'Java', major: '11', product: 'Java 11' })).toEqual({ kind: 'family', family: 'Java', major: '11', product: 'Java 11' });
    // Two products sharing a major and no product known: the whole major, never a guess.
    expect(matchOf({ kind: 'slice', family: 'Database', major: '8', product: null })).toEqual({ kind: 'family', family: 'Database', major: '8' });
  });
});

describe('product of a slice', () => {
  const share: VersionShare = {
    family: 'Database',
    nodeCount: 10,
    slices: [
      { product: 'PostgreSQL 16', major: '16', nodeCount: 4 },
      { product: 'MySQL 8.0', major: '8.0', nodeCount: 3 },
      { product: 'MariaDB 10.11', major: '10.11', nodeCount: 2 },
      { product: 'Other 16', major: '16', nodeCount: 1 },
    ],
  };

  it('is the one product with that major', () => {
    expect(productOfSlice(share, '8.0')).toBe('MySQL 8.0');
  });

  it('is unknown when two products share the major, or before the share arrives', () => {
    expect(productOfSlice(share, '16')).toBeNull();
    expect(productOfSlice(undefined, '8')).toBeNull();
  });
});
