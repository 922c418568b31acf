// Chart colours come from the theme's CSS variables (styles/inventory-charts.css and theme.css), so
// a chart follows the dark/light toggle like the rest of the screen. Pure: the caller passes a
// reader, so unit tests run without a DOM.

/** The colours and font a chart draws with, resolved for the theme in force. */
export interface ChartPalette {
  text: string;
  muted: string;
  faint: string;
  border: string;
  surface: string;
  font: string;
  /** Categorical colours for slices with no meaning of their own, in order. */
  series: readonly string[];
  online: string;
  lost: string;
  inactive: string;
  /** For the "other" bucket and unknown values: present but never mistaken for a real slice. */
  other: string;
}

/** Number of categorical colours the stylesheet defines (--chart-1 … --chart-8). */
export const SERIES_COUNT = 8;

// Used only if a variable is missing (the stylesheet failed to load): a mid grey is readable on
// both themes, where echarts' own default would be black on the dark theme.
const MISSING = '#8d97a5';

/** Resolves the palette through `read` (e.g. getComputedStyle(root).getPropertyValue). */
export function readPalette(read: (name: string) => string): ChartPalette {
  const value = (name: string): string => read(name).trim() || MISSING;
  const series: string[] = [];
  for (let i = 1; i <= SERIES_COUNT; i += 1) series.push(value(`--chart-${i}`));
  return {
    text: value('--text'),
    muted: value('--text-muted'),
    faint: value('--text-faint'),
    border: value('--border'),
    surface: value('--bg-elev'),
    font: read('--font-ui').trim() || 'sans-serif',
    series,
    online: value('--online'),
    lost: value('--lost'),
    inactive: value('--inactive'),
    other: value('--chart-other'),
  };
}

/** The n-th categorical colour, cycling when there are more slices than colours. */
export function seriesColour(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length] ?? palette.other;
}
