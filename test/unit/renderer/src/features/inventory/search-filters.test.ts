import { describe, expect, it } from 'vitest';
import { NO_FILTERS, parseTag, toFilters } from '../../../../../../renderer/src/features/inventory/search-filters';

describe('tag filter text', () => {
  it('reads Key and Key=Value, splitting at the first "="', () => {
    expect(parseTag('Environment')).toEqual({ tag: { key: 'Environment' }, problem: null });
    expect(parseTag(' Environment = prod ')).toEqual({ tag: { key: 'Environment', value: 'prod' }, problem: null });
    expect(parseTag('Query=a=b')).toEqual({ tag: { key: 'Query', value: 'a=b' }, problem: null });
    expect(parseTag('Owner=')).toEqual({ tag: { key: 'Owner', value: '' }, problem: null });
  });

  it('says what to fix instead of sending a request main would refuse', () => {
    expect(parseTag('=prod').problem).toBe('inventory.filters.tagNoKey');
    expect(parseTag('k'.repeat(129)).problem).toBe('inventory.filters.tagKeyTooLong');
    expect(parseTag(`k=${'v'.repeat(257)}`).problem).toBe('inventory.filters.tagValueTooLong');
  });

  it('leaves an unusable tag out of the request, and empty choices out entirely', () => {
    expect(toFilters(['w'], { ...NO_FILTERS, tag: '=prod' })).toEqual({ workspaceIds: ['w'] });
    expect(toFilters(['w'], { platforms: ['Windows'], pings: ['Online'], typeName: 'AWS:Service', tag: 'Team=noc' })).toEqual({
      workspaceIds: ['w'],
      platformTypes: ['Windows'],
      pingStatuses: ['Online'],
      typeNames: ['AWS:Service'],
      tag: { key: 'Team', value: 'noc' },
    });
  });
});
