import { describe, expect, it } from 'vitest';
import { contract, licenceLimits } from '../../../../preload/contract/index';
import { createLicenceHandlers } from '../../../../main/licences/licence-handlers';
import type { LicenceService } from '../../../../main/licences/licence-service';

const save = contract['licences:save-licence'].request;
const good = { product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '' };

describe('licence contract', () => {
  it('accepts a licence counted by product or by name, trimming the names', () => {
    expect(save.parse({ licence: { ...good, product: '  Java 8 ' } }).licence.product).toBe('Java 8');
    expect(save.safeParse({ licence: { ...good, match: { kind: 'name', name: 'SQL Server', publisher: '' } } }).success).toBe(true);
  });

  it.each([
    ['a negative owned count', { licence: { ...good, owned: -1 } }],
    ['a fractional owned count', { licence: { ...good, owned: 2.5 } }],
    ['an owned count past the limit', { licence: { ...good, owned: licenceLimits.maxOwned + 1 } }],
    ['an owned count as text', { licence: { ...good, owned: '5' } }],
    ['an empty product', { licence: { ...good, product: '   ' } }],
    ['a product past the limit', { licence: { ...good, product: 'x'.repeat(licenceLimits.productLength + 1) } }],
    ['a note past the limit', { licence: { ...good, note: 'x'.repeat(licenceLimits.noteLength + 1) } }],
    ['an unknown match kind', { licence: { ...good, match: { kind: 'regex', pattern: '.*' } } }],
    ['a name match without a name', { licence: { ...good, match: { kind: 'name', name: '', publisher: '' } } }],
    ['an unknown field', { licence: good, extra: true }],
    ['an id that main did not issue', { id: '../../etc/passwd', licence: good }],
  ])('refuses %s', (_name, request) => {
    expect(save.safeParse(request).success).toBe(false);
  });

  it('bounds the other requests: workspaces, paging and CSV size', () => {
    expect(contract['licences:list-licences'].request.safeParse({ workspaceIds: [] }).success).toBe(false);
    expect(contract['licences:list-nodes'].request.safeParse({ id: 'lic-12345678', workspaceIds: ['training'], limit: 5000 }).success).toBe(false);
    expect(contract['licences:list-nodes'].request.safeParse({ id: 'lic-12345678', workspaceIds: ['training'], offset: -1 }).success).toBe(false);
    expect(contract['licences:import-csv'].request.safeParse({ text: 'x'.repeat(licenceLimits.csvBytes * 4 + 1) }).success).toBe(false);
  });

  it('names every channel <capability>:<verb-noun> and has one handler per licence channel', () => {
    const channels = Object.keys(contract).filter((c) => c.startsWith('licences:'));
    for (const channel of channels) expect(channel).toMatch(/^licences:[a-z]+(-[a-z]+)+$/);
    expect(Object.keys(createLicenceHandlers({} as LicenceService)).sort()).toEqual(channels.sort());
  });
});
