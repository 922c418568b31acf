// xterm colour schemes matching the app's dark and light themes (ANSI palette readable on both).
import type { ITheme } from '@xterm/xterm';
import type { ThemeName } from '../../lib/theme';

const dark: ITheme = {
  background: '#0b0e12',
  foreground: '#d8dee6',
  cursor: '#79aaff',
  cursorAccent: '#0b0e12',
  selectionBackground: '#2c4a7a',
  selectionForeground: '#f1f4f8',
  black: '#1c222b',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#e3b341',
  blue: '#5b9bff',
  magenta: '#d2a8ff',
  cyan: '#39c5cf',
  white: '#c9d1d9',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#f2cc60',
  brightBlue: '#79c0ff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#56d4dd',
  brightWhite: '#f1f4f8',
};

// Light terminals wash out yellow and cyan: darker tones keep `ls --color` readable on white.
const light: ITheme = {
  background: '#ffffff',
  foreground: '#1c222a',
  cursor: '#0b63ce',
  cursorAccent: '#ffffff',
  selectionBackground: '#b6d3fb',
  selectionForeground: '#0b0f14',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#0969da',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** The xterm theme for an app theme. */
export function terminalTheme(theme: ThemeName): ITheme {
  return theme === 'light' ? light : dark;
}

/** Search highlight colours (#RRGGBB, as the search addon requires) for an app theme. */
export function searchDecorations(theme: ThemeName) {
  return theme === 'light'
    ? { matchBackground: '#fff1a8', activeMatchBackground: '#ffb340', matchOverviewRuler: '#bf8700', activeMatchColorOverviewRuler: '#e16f24' }
    : { matchBackground: '#4d3b00', activeMatchBackground: '#9e6a03', matchOverviewRuler: '#e3b341', activeMatchColorOverviewRuler: '#ff9b3d' };
}
