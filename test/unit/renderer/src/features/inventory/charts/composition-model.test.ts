import { describe, expect, it } from 'vitest';
import type { CompositionSlice } from '../../../../../../../preload/contract/inventory';
import {
  agentRows,
  foldSlices,
  latestVersion,
  MAX_AGENT_SLICES,
  MAX_PLATFORM_SLICES,
  pingRows,
  platformRows,
} from '../../../../../../../renderer/src/features/inventory/charts/composition-model';
import { palette } from './palette-fixture';

const words = { other: 'Autres', unknown: 'Inconnu', ping: (status: string) => `ping(${status})` };
const platform = (label: string, count: number): CompositionSlice => ({ label, count, fleetFilter: `platform:"${label}"` });
const agent = (label: string, count: number): CompositionSlice => ({ label, count, fleetFilter: `agent:"${label}"` });
const mainOther = (count: number): CompositionSlice => ({ label: 'Other', count, fleetFilter: '' });
const unknown = (count: number): CompositionSlice => ({ label: 'Unknown', count, fleetFilter: '' });

describe('foldSlices', () => {
  it('keeps the first slices and sums the tail into one Other with no grid filter', () => {
    const slices = Array.from({ length: 10 }, (_, i) => platform(`P${i}`, 100 - i));
    const folded = foldSlices(slices, 7);
    expect(folded).toHaveLength(8);
    expect(folded.slice(0, 7).map((s) => s.label)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(folded[7]).toEqual({ label: 'Other', count: 93 + 92 + 91, fleetFilter: '', members: ['P7', 'P8', 'P9'] });
  });

  it("adds main's own Other bucket into the one it makes, and keeps it last", () => {
    const folded = foldSlices([agent('3.3.1.0', 50), mainOther(7), agent('3.2.1.0', 30), agent('3.1.1.0', 2)], 2);
    expect(folded.map((s) => [s.label, s.count])).toEqual([
      ['3.3.1.0', 50],
      ['3.2.1.0', 30],
      ['Other', 9],
    ]);
  });

  it('adds no Other when everything fits', () => {
    expect(foldSlices([platform('Ubuntu', 3), platform('Windows', 2)], 7).map((s) => s.label)).toEqual(['Ubuntu', 'Windows']);
  });
});

describe('latestVersion', () => {
  it('compares versions as numbers (3.10 is newer than 3.9)', () => {
    expect(latestVersion([agent('3.9.2.0', 10), agent('3.10.1.0', 1), agent('3.2.999.0', 5)])).toBe('3.10.1.0');
  });

  it('ignores Other, Unknown and labels that are not versions', () => {
    expect(latestVersion([mainOther(4), unknown(2), agent('latest', 1), agent('3.1.0.0', 3)])).toBe('3.1.0.0');
    expect(latestVersion([mainOther(4), unknown(2)])).toBeNull();
  });
});

describe('agentRows', () => {
  const slices = [agent('3.3.40.0', 600), agent('3.3.1142.0', 700), unknown(20), agent('3.2.582.0', 180)];

  it('lists versions newest first, then Unknown, and marks the newest in the online colour', () => {
    const rows = agentRows(slices, 1500, palette, words);
    expect(rows.map((row) => row.label)).toEqual(['3.3.1142.0', '3.3.40.0', '3.2.582.0', 'Inconnu']);
    expect(rows.map((row) => row.latest === true)).toEqual([true, false, false, false]);
    expect(rows.map((row) => row.colour)).toEqual(['online', 's1', 's2', 'other']);
  });

  it('lets only real versions open the grid', () => {
    const rows = agentRows(slices, 1500, palette, words);
    expect(rows.map((row) => row.clickable)).toEqual([true, true, true, false]);
    expect(rows[0]?.fleetFilter).toBe('agent:"3.3.1142.0"');
  });

  it('folds the oldest versions, whatever order main sends them in', () => {
    const shuffled = ['3.1.0.0', '3.9.0.0', '3.2.0.0', '3.10.0.0', '3.3.0.0', '3.8.0.0', '3.4.0.0', '3.7.0.0'].map((v) => agent(v, 5));
    const rows = agentRows(shuffled, 40, palette, words);
    expect(rows.map((row) => row.label)).toEqual(['3.10.0.0', '3.9.0.0', '3.8.0.0', '3.7.0.0', '3.4.0.0', '3.3.0.0', 'Autres']);
    expect(rows.at(-1)?.members).toEqual(['3.2.0.0', '3.1.0.0']);
    expect(rows[0]?.latest).toBe(true);
  });

  it(`folds versions past ${MAX_AGENT_SLICES} into a grey Other at the end`, () => {
    const many = Array.from({ length: MAX_AGENT_SLICES + 3 }, (_, i) => agent(`3.${20 - i}.0.0`, 10));
    const rows = agentRows(many, 90, palette, words);
    expect(rows).toHaveLength(MAX_AGENT_SLICES + 1);
    const other = rows.at(-1);
    expect(other).toMatchObject({ label: 'Autres', count: 30, colour: 'other', clickable: false, members: ['3.14.0.0', '3.13.0.0', '3.12.0.0'] });
  });
});

describe('platformRows', () => {
  it('keeps main order, greys out Unknown and shares sum to the whole fleet', () => {
    const rows = platformRows([platform('Amazon Linux', 900), platform('Windows Server 2022', 500), unknown(100)], 1500, palette, words);
    expect(rows.map((row) => [row.label, row.colour, row.clickable])).toEqual([
      ['Amazon Linux', 's1', true],
      ['Windows Server 2022', 's2', true],
      ['Inconnu', 'other', false],
    ]);
    expect(rows.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 10);
  });

  it(`shows at most ${MAX_PLATFORM_SLICES} platforms before Other`, () => {
    const rows = platformRows(Array.from({ length: 12 }, (_, i) => platform(`P${i}`, 12 - i)), 78, palette, words);
    expect(rows).toHaveLength(MAX_PLATFORM_SLICES + 1);
    expect(rows.at(-1)?.label).toBe('Autres');
  });
});

describe('pingRows', () => {
  it('orders Online, Connection lost, Inactive whatever the counts, in the status colours', () => {
    const slices: CompositionSlice[] = [
      { label: 'Inactive', count: 700, fleetFilter: 'ping:inactive' },
      { label: 'Online', count: 600, fleetFilter: 'ping:online' },
      { label: 'ConnectionLost', count: 200, fleetFilter: 'ping:connectionlost' },
    ];
    const rows = pingRows(slices, 1500, palette, words);
    expect(rows.map((row) => [row.label, row.colour, row.fleetFilter])).toEqual([
      ['ping(Online)', 'online', 'ping:online'],
      ['ping(ConnectionLost)', 'lost', 'ping:connectionlost'],
      ['ping(Inactive)', 'inactive', 'ping:inactive'],
    ]);
    expect(rows[0]?.share).toBe(0.4);
  });
});
