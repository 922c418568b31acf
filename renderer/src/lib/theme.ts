import { useCallback, useEffect, useState } from 'react';
import { readPreference, writePreference } from './storage';

/** The two colour schemes; both are complete token sets in app.css. */
export type ThemeName = 'dark' | 'light';

const THEME_KEY = 'capstan.theme';

function storedTheme(): ThemeName | null {
  const value = readPreference(THEME_KEY);
  return value === 'dark' || value === 'light' ? value : null;
}

function systemTheme(): ThemeName {
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function applyTheme(theme: ThemeName): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Sets the theme before React renders, so the first frame does not flash the wrong colours. */
export function applyInitialTheme(): void {
  applyTheme(storedTheme() ?? systemTheme());
}

/** Current theme and a toggle; follows the system until the operator picks one, then remembers it. */
export function useTheme(): { theme: ThemeName; toggle: () => void } {
  const [theme, setTheme] = useState<ThemeName>(() => storedTheme() ?? systemTheme());
  const [explicit, setExplicit] = useState(() => storedTheme() !== null);

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    if (explicit || !window.matchMedia) return undefined;
    const query = window.matchMedia('(prefers-color-scheme: light)');
    const onChange = (): void => setTheme(query.matches ? 'light' : 'dark');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [explicit]);

  const toggle = useCallback(() => {
    setTheme((current) => {
      const next: ThemeName = current === 'dark' ? 'light' : 'dark';
      writePreference(THEME_KEY, next);
      return next;
    });
    setExplicit(true);
  }, []);

  return { theme, toggle };
}
