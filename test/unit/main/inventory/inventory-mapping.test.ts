import { describe, expect, it } from 'vitest';
import { captureTimeMs, cleanText, mapEntry, maxTermLength, normaliseTerm } from '../../../../main/inventory/inventory-mapping';

describe('inventory entry mapping', () => {
  it.each([
    ['not an object', 'java'],
    ['null', null],
    ['an array', ['Name', 'java']],
    ['no Name', { Version: '1.0' }],
    ['a blank Name', { Name: ' \t ' }],
  ])('skips an entry that is %s', (_why, entry) => {
    expect(mapEntry('AWS:Application', 'Linux', entry)).toBeNull();
  });

  it('takes the identifying attribute each type has', () => {
    expect(mapEntry('AWS:WindowsUpdate', 'Windows', { HotFixId: 'KB5034441', Description: 'Security Update' })?.term).toMatchObject({
      name: 'KB5034441',
      detail: 'Security Update',
      platformType: '',
    });
    expect(mapEntry('AWS:Service', 'Windows', { Name: 'W3SVC', DisplayName: 'World Wide Web Publishing Service' })?.term).toMatchObject({
      name: 'W3SVC',
      detail: 'World Wide Web Publishing Service',
    });
    expect(mapEntry('AWS:File', 'Windows', { Name: 'java.exe', FileVersion: '', ProductVersion: '8.0.4010', CompanyName: 'Oracle' })?.term).toMatchObject({
      name: 'java.exe',
      version: '8.0.4010',
      publisher: 'Oracle',
    });
    expect(mapEntry('AWS:Tag', 'Linux', { Key: 'Team', Value: 'payments' })?.term).toMatchObject({ name: 'Team', version: 'payments' });
  });

  it('repairs odd encodings and cuts absurd lengths instead of failing', () => {
    expect(cleanText('a\u0000b\nc\ud800', 100)).toBe('a b c\ufffd');
    expect(cleanText('\ud83d\ude00 ok', 100)).toBe('\ud83d\ude00 ok');
    expect(cleanText(42, 10)).toBe('42');
    expect(cleanText({}, 10)).toBe('');
    const mapped = mapEntry('AWS:Application', 'Linux', { Name: 'n'.repeat(10_000), Version: 'v'.repeat(10_000), ['k'.repeat(100)]: 'x' });
    expect(mapped?.term.name).toHaveLength(maxTermLength);
    const attributes = JSON.parse(mapped?.attributesJson ?? '{}') as Record<string, string>;
    expect(attributes.Version).toHaveLength(4096);
    expect(Object.keys(attributes).every((k) => k.length <= 64)).toBe(true);
  });

  it('normalises only AWS:Application terms, on the platform the row came from', () => {
    const java = mapEntry('AWS:Application', 'Windows', { Name: 'Java 8 Update 401', Publisher: 'Oracle Corporation', Version: '8.0.4010.10' });
    expect(java && normaliseTerm(java.term)).toMatchObject({ family: 'Java', product: 'Java 8', major: '8' });
    const tag = mapEntry('AWS:Tag', 'Linux', { Key: 'java', Value: '17' });
    expect(tag && normaliseTerm(tag.term)).toMatchObject({ family: null, product: null, major: null });
  });

  it('reads capture times and refuses unreadable ones', () => {
    expect(captureTimeMs('2026-11-27T04:00:00Z')).toBe(Date.UTC(2026, 10, 27, 4));
    expect(captureTimeMs('yesterday')).toBeNull();
    expect(captureTimeMs(undefined)).toBeNull();
  });
});
