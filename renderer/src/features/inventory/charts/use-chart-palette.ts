import { useMemo } from 'react';
import { useDocumentTheme } from '../../sessions/use-document-theme';
import { readPalette, type ChartPalette } from './chart-palette';

/** The chart colours of the theme in force, re-read when the top bar's toggle switches it. */
export function useChartPalette(): ChartPalette {
  const theme = useDocumentTheme();
  return useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    return readPalette((name) => style.getPropertyValue(name));
    // The theme is what changes the variables' values; it is the dependency, not read inside.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme]);
}
