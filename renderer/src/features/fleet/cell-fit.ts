import { textWidth } from '../../lib/text-width';

// Which grid cells clip their text. A clipping cell (overflow: clip, for the ellipsis) is a clip
// node of its own in Chromium's paint tree; at ~260 cells a repaint, those nodes cost a quarter of
// each keystroke's frame (Chromium trace at 100,000 rows, filter switches, medians: layerize 3.0
// against 0.8 ms, paint 7.0 against 5.3, pre-paint 2.7 against 1.8, layout 5.4 against 4.3). Most
// cells' text fits their column, so only the cells whose text does not fit clip, with the ellipsis.

/** Left plus right padding of a grid cell (fleet-grid.css `.cell`). */
export const CELL_PADDING_PX = 16;

// The fonts cells paint in (theme.css body and `.mono`, controls.css `.badge.badge--warn`), families
// read from the page's --font-ui and --font-mono. test/e2e/fleet-grid.spec.ts checks on screen that
// no cell left unclipped by these measures paints past its content box.
const UI_SIZE = '13px';
const MONO_SIZE = '12px';
/** The agent cell's "update" badge: `.badge--warn` sets weight 600 and no letter spacing. */
const BADGE_FONT = '600 10px';
/** The badge's padding (5 px each side) and its margin-left (6 px). */
const BADGE_CHROME_PX = 16;
/** The status dot before a ping label: 8 px wide, 1 px margin before and 7 after (fleet-grid.css `.ping::before`). */
export const PING_MARK_PX = 16;
/** The platform square before its name: 6 px wide, 7 px margin after (fleet-grid.css `.os::before`). */
export const OS_MARK_PX = 13;

/** The font a piece of cell text is painted in; uiTabular is the UI face with fixed-width digits (`.num`). */
export type CellFont = 'ui' | 'uiTabular' | 'uiMedium' | 'mono' | 'badge';

/** Each cell font as a CSS font shorthand, built once: cells ask for a width ~300 times a repaint. */
type CellFonts = Record<'ui' | 'uiMedium' | 'mono' | 'badge', string>;

let fonts: CellFonts | null = null;

function cellFonts(): CellFonts {
  if (fonts) return fonts;
  const style = getComputedStyle(document.documentElement);
  const ui = style.getPropertyValue('--font-ui').trim();
  const mono = style.getPropertyValue('--font-mono').trim();
  const built = {
    ui: `${UI_SIZE} ${ui || 'sans-serif'}`,
    uiMedium: `550 ${UI_SIZE} ${ui || 'sans-serif'}`,
    mono: `${MONO_SIZE} ${mono || 'monospace'}`,
    badge: `${BADGE_FONT} ${ui || 'sans-serif'}`,
  };
  // Kept only once the theme's stylesheet applies: read before it, the generic faces stand in once.
  if (ui && mono) fonts = built;
  return built;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Width in px of `text` in a cell font, or null when it cannot be measured here. */
export function cellTextWidth(text: string, font: CellFont): number | null {
  if (text === '') return 0;
  if (typeof document === 'undefined') return null;
  const f = cellFonts();
  switch (font) {
    case 'ui':
      return textWidth(f.ui, text);
    case 'uiTabular':
      // Fixed-width digits all share one advance, which a canvas cannot be asked for: every digit
      // is measured as a 0, exact for them (and one cache entry for "3m ago" … "9m ago").
      return textWidth(f.ui, text.replace(/[0-9]/g, '0'));
    case 'uiMedium':
      return textWidth(f.uiMedium, text);
    case 'badge': {
      const width = textWidth(f.badge, text);
      return width === null ? null : width + BADGE_CHROME_PX;
    }
    case 'mono': {
      // Ids, addresses and versions are ASCII, one advance per character in a monospace face: one
      // measure serves every string, where measuring each unique id would cost the keystroke.
      if (!PRINTABLE_ASCII.test(text)) return textWidth(f.mono, text);
      const advance = textWidth(f.mono, '0');
      return advance === null ? null : advance * text.length;
    }
  }
}

/**
 * The cell's class with `is-clipped` added when its content (`contentPx` wide, null when unknown)
 * overflows a column `columnPx` wide: an unknown width clips, as every cell once did.
 */
export function cellClass(base: string, contentPx: number | null, columnPx: number): string {
  return contentPx !== null && contentPx <= columnPx - CELL_PADDING_PX ? base : `${base} is-clipped`;
}

/** Sum of the parts' widths, null if any is unknown. */
export function widthOf(...parts: Array<number | null>): number | null {
  let sum = 0;
  for (const part of parts) {
    if (part === null) return null;
    sum += part;
  }
  return sum;
}
