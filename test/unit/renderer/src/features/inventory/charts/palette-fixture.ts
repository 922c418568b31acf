import type { ChartPalette } from '../../../../../../../renderer/src/features/inventory/charts/chart-palette';

/** A palette whose colours are names, so a test reads which role a slice got. */
export const palette: ChartPalette = {
  text: 'text',
  muted: 'muted',
  faint: 'faint',
  border: 'border',
  surface: 'surface',
  font: 'font',
  series: ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'],
  online: 'online',
  lost: 'lost',
  inactive: 'inactive',
  other: 'other',
};
