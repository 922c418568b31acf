// Text widths measured without the DOM: a canvas lays text out with the same fonts and shaping as
// the page, and reading a width from it forces no layout of the document.

const MAX_CACHED = 20_000;

let context: CanvasRenderingContext2D | null | undefined;
/** Widths by font, then text. */
const byFont = new Map<string, Map<string, number>>();

function canvasContext(): CanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  try {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  } catch {
    context = null; // jsdom without a canvas package throws "not implemented"
  }
  // The app paints in system faces; should a web font ever load, widths measured before it are
  // forgotten (rows already painted keep their classes until they next render).
  if (context && typeof document !== 'undefined' && document.fonts) {
    document.fonts.addEventListener('loadingdone', () => byFont.clear());
  }
  return context;
}

/**
 * Width in CSS px of `text` painted in `font` (a CSS font shorthand such as
 * `600 13px Arial, sans-serif`), or null where no canvas can measure it. Cached per font and text.
 */
export function textWidth(font: string, text: string): number | null {
  const ctx = canvasContext();
  if (!ctx) return null;
  let widths = byFont.get(font);
  if (!widths) {
    widths = new Map();
    byFont.set(font, widths);
  }
  const known = widths.get(text);
  if (known !== undefined) return known;
  // One context serves every font: set it for each miss (cheap next to shaping the text).
  ctx.font = font;
  const width = ctx.measureText(text).width;
  if (widths.size >= MAX_CACHED) widths.clear();
  widths.set(text, width);
  return width;
}
