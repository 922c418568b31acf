import { useCallback, useState } from 'react';
import { localStore } from '../../lib/storage';
import { clampFontSize, loadFontSize, saveFontSize } from './font-size';

/** The terminal font size shared by every tab, remembered across restarts. */
export function useFontSize(): [number, (size: number) => void] {
  const [size, setSize] = useState(() => loadFontSize(localStore()));
  const set = useCallback((next: number) => {
    const clamped = clampFontSize(next);
    saveFontSize(localStore(), clamped);
    setSize(clamped);
  }, []);
  return [size, set];
}
