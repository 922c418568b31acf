import { useSyncExternalStore } from 'react';
import type { ThemeName } from '../../lib/theme';

function subscribe(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

function snapshot(): ThemeName {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

/** The theme in force on <html>, following the top bar's toggle (terminals need it as colours, not CSS). */
export function useDocumentTheme(): ThemeName {
  return useSyncExternalStore(subscribe, snapshot);
}
