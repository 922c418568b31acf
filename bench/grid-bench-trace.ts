import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/**
 * What a Chromium trace says about filter keystrokes in the fleet grid: counts and milliseconds
 * that a loaded machine does not blur the way wall times do. A layout that runs inside JavaScript
 * (a read of offsetWidth, getBoundingClientRect, scrollTop… after a DOM write) is a forced layout:
 * the browser lays out synchronously, then again in the frame.
 */
export interface KeystrokeTrace {
  keystrokes: number;
  forcedLayoutsPerKeystroke: number;
  /**
   * Forced layouts that laid out more than the filter box (≥ 100 dirty objects): typing into an
   * input always forces a small one (Chromium lays out the caret to reveal it after 'input'),
   * but rows rendered inside the input event are laid out there too, before the frame.
   */
  forcedRowLayoutsPerKeystroke: number;
  /** ms per keystroke spent in forced layouts. */
  forcedLayoutMs: number;
  layoutsPerKeystroke: number;
  /** Main-thread ms per keystroke, by kind. */
  scriptingMs: number;
  styleMs: number;
  layoutMs: number;
  paintMs: number;
  /** paintMs by trace event (Paint, PrePaint, Layerize, Commit…). */
  paintByName: Record<string, number>;
  /** Where forced layouts came from: the top JS frame of each, with counts. */
  forcedFrom: Record<string, number>;
  /** Elements in one grid row, the row included. */
  domNodesPerRow: number;
  /** Rows in the DOM after the last keystroke. */
  rowsInDom: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; beginData?: { dirtyObjects?: number; stackTrace?: Array<{ functionName: string; url: string; lineNumber: number }> } };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.stack',
  'v8.execute',
  'blink.user_timing',
];

const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'v8.callFunction', 'V8.Execute']);
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles']);
const PAINT = new Set(['Paint', 'PaintImage', 'Layerize', 'PrePaint', 'UpdateLayer', 'Commit']);

/** Runs `typeKeys` under a Chromium trace of `page` and sums what its main thread did. */
export async function traceKeystrokes(browser: Browser, page: Page, keystrokes: number, typeKeys: () => Promise<void>): Promise<KeystrokeTrace> {
  await browser.startTracing(page, { categories: CATEGORIES });
  await typeKeys();
  const buffer = await browser.stopTracing();
  if (process.env.GRID_TRACE_FILE) writeFileSync(process.env.GRID_TRACE_FILE, buffer);
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number');
  onMain.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // Top-level script slices: a layout that starts inside one is forced.
  const scripts: TraceEvent[] = [];
  for (const e of onMain) {
    if (!SCRIPT.has(e.name)) continue;
    const last = scripts.at(-1);
    if (last && e.ts < last.ts + (last.dur ?? 0)) continue;
    scripts.push(e);
  }
  const inScript = (e: TraceEvent): boolean => scripts.some((s) => e.ts >= s.ts && e.ts < s.ts + (s.dur ?? 0));

  let layouts = 0;
  let forced = 0;
  let forcedRows = 0;
  let forcedUs = 0;
  let layoutUs = 0;
  let styleUs = 0;
  let paintUs = 0;
  let forcedInsideUs = 0;
  const forcedFrom: Record<string, number> = {};
  const paintByName: Record<string, number> = {};
  for (const e of onMain) {
    if (e.name === 'Layout') {
      layouts += 1;
      layoutUs += e.dur!;
      if (inScript(e)) {
        forced += 1;
        forcedUs += e.dur!;
        if ((e.args?.beginData?.dirtyObjects ?? 0) >= 100) forcedRows += 1;
        forcedInsideUs += e.dur!;
        const top = e.args?.beginData?.stackTrace?.[0];
        const where = top ? `${top.functionName || '(anonymous)'} ${top.url.split('/').pop()}:${top.lineNumber}` : 'unknown';
        forcedFrom[where] = (forcedFrom[where] ?? 0) + 1;
      }
    } else if (STYLE.has(e.name)) {
      styleUs += e.dur!;
      if (inScript(e)) forcedInsideUs += e.dur!;
    } else if (PAINT.has(e.name)) {
      paintUs += e.dur!;
      paintByName[e.name] = (paintByName[e.name] ?? 0) + e.dur! / 1000 / keystrokes;
    }
  }
  const scriptUs = scripts.reduce((sum, s) => sum + s.dur!, 0) - forcedInsideUs;
  const dom = await page.evaluate(() => {
    const rows = document.querySelectorAll('[data-testid="fleet-row"]');
    const first = rows[0];
    return { perRow: first ? first.querySelectorAll('*').length + 1 : 0, rows: rows.length };
  });
  const per = (us: number): number => Math.round((us / 1000 / keystrokes) * 100) / 100;
  return {
    keystrokes,
    forcedLayoutsPerKeystroke: Math.round((forced / keystrokes) * 100) / 100,
    forcedRowLayoutsPerKeystroke: Math.round((forcedRows / keystrokes) * 100) / 100,
    forcedLayoutMs: per(forcedUs),
    layoutsPerKeystroke: Math.round((layouts / keystrokes) * 100) / 100,
    scriptingMs: per(scriptUs),
    styleMs: per(styleUs),
    layoutMs: per(layoutUs),
    paintMs: per(paintUs),
    paintByName: Object.fromEntries(Object.entries(paintByName).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    forcedFrom,
    domNodesPerRow: dom.perRow,
    rowsInDom: dom.rows,
  };
}
