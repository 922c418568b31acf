import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPalette, seriesColour, SERIES_COUNT } from '../../../../../../../renderer/src/features/inventory/charts/chart-palette';

const styles = join(import.meta.dirname, '../../../../../../../renderer/src/styles');

/** The custom properties each theme block of a stylesheet sets: dark (also :root) and light. */
function themeVariables(file: string): Record<'dark' | 'light', Map<string, string>> {
  const css = readFileSync(join(styles, file), 'utf8');
  const result = { dark: new Map<string, string>(), light: new Map<string, string>() };
  for (const block of css.matchAll(/([^{}]*)\{([^{}]*)\}/g)) {
    const selector = block[1]!;
    if (!selector.includes(':root')) continue;
    const theme = selector.includes("'light'") ? 'light' : 'dark';
    for (const decl of block[2]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) result[theme].set(decl[1]!, decl[2]!.trim());
  }
  return result;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('readPalette', () => {
  it('reads every colour from the theme variables, trimmed', () => {
    const vars: Record<string, string> = { '--text': ' #111111', '--online': '#00aa00 ', '--chart-1': '#123456', '--chart-other': '#777777' };
    const palette = readPalette((name) => vars[name] ?? '');
    expect(palette.text).toBe('#111111');
    expect(palette.online).toBe('#00aa00');
    expect(palette.series[0]).toBe('#123456');
    expect(palette.other).toBe('#777777');
    expect(palette.series).toHaveLength(SERIES_COUNT);
  });

  it('falls back to a grey readable on both themes, never to an empty colour', () => {
    const palette = readPalette(() => '');
    expect(palette.lost).toMatch(/^#[0-9a-f]{6}$/);
    expect(palette.series.every((colour) => colour !== '')).toBe(true);
  });

  it('cycles the categorical colours', () => {
    const palette = readPalette((name) => (name.startsWith('--chart-') ? name : ''));
    expect(seriesColour(palette, 0)).toBe('--chart-1');
    expect(seriesColour(palette, SERIES_COUNT)).toBe('--chart-1');
  });
});

describe('theme colours the charts read', () => {
  const charts = themeVariables('inventory-charts.css');
  const theme = themeVariables('theme.css');
  const names = [...Array.from({ length: SERIES_COUNT }, (_, i) => `--chart-${i + 1}`), '--chart-other'];

  for (const name of ['dark', 'light'] as const) {
    it(`${name}: defines every chart colour, each standing out 3:1 from the panel (WCAG 1.4.11)`, () => {
      const panel = theme[name].get('--bg-elev');
      expect(panel).toMatch(/^#[0-9a-f]{6}$/);
      for (const variable of [...names, '--online', '--lost', '--inactive']) {
        const colour = charts[name].get(variable) ?? theme[name].get(variable);
        expect(colour, `${name} ${variable}`).toMatch(/^#[0-9a-f]{6}$/);
        expect(contrast(colour!, panel!), `${name} ${variable} ${colour} on ${panel}`).toBeGreaterThanOrEqual(3);
      }
    });

    it(`${name}: no two categorical colours are the same`, () => {
      const colours = names.map((variable) => charts[name].get(variable));
      expect(new Set(colours).size).toBe(colours.length);
    });
  }
});
