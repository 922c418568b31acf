import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { SyncState } from '../preload/contract/fleet';
import { startTestHost } from '../test/helpers/test-host';
import { traceKeystrokes } from './grid-bench-trace';
import { atLeast, info, percentile, under, type Metric } from './harness';

const NODES = 100_000;
const WORKSPACE = 'training';
/**
 * What an operator types, a new word each time: names, roles, teams, platforms, addresses, ids and
 * versions of the training fleet. No two share a first character, so no text is typed twice in a
 * run and neither the page's answers nor main's remembered needles can answer a keystroke that
 * was not asked before (the case a warm bench would hide).
 */
export const WORDS = [
  'web-prod', 'db-stag', 'checkout', '10.20.1', 'ubuntu', 'app-test', 'mi-0a', 'red hat', 'sles', 'batch-pr', 'identity',
  'jump-dev', 'ec2amaz', 'lon1-', '2022 dat', 'payments', '3.2.2303', 'gnu/linu', 'test-dc2', '9.4', 'ops', '8.10',
];
if (new Set(WORDS.map((word) => word.charAt(0))).size !== WORDS.length) throw new Error('grid bench: two WORDS share a first character');
/** Before each word the operator reads the screen: longer than a sync stands back for typing (300 ms). */
const THINK_MS = 500;
const FIRST_SYNC_WORDS = 3;
const IDLE_WORDS = 8;
const REFRESHES = 3;
const WORDS_PER_REFRESH = 2;
const BUDGET_MS = 50;
// The renderer's heap with the grid's 100,000 rows mirrored (see fleet-mirrors.ts), typed arrays
// included. Without the mirror it was 12 MB; the copy adds ~1 KB a row (its rows, their search
// text, the character-pair bitsets). One window showing one grid may spend that much; a change that
// takes it past this budget should make the copy smaller instead.
const HEAP_BUDGET_MB = 150;
// No request from the page for this long: it has finished re-reading after a sync.
const QUIET_MS = 500;
const verbose = process.env.BENCH_VERBOSE === '1';

declare global {
  interface Window {
    /** Set by the bench before each keystroke: resolves with the key's stages, in ms from its event. */
    __benchRepaint?: Promise<Omit<Sample, 'firstOfWord'>>;
  }
}

/** Headless Chromium as the benches drive it: no GPU here, nothing in the background. */
export const BENCH_CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the renderer the test host serves (from the project root, wherever the bench runs from). */
export function buildRenderer(): void {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'ignore', cwd: join(import.meta.dirname, '..') });
}

/**
 * Filter keystroke to repaint at 100,000 rows in Chromium, through the real bridge, router and
 * store, each against the budget: while a sync is writing (the first sync's tag pass, then an
 * operator's refresh), right after a sync has ended (the page still repainting its last writes),
 * and with the fleet idle.
 */
export async function gridBench(): Promise<Metric[]> {
  buildRenderer();
  const host = await startTestHost({ nodes: NODES, seed: 3 });
  // Core also syncs the inventory on start (15 M rows for 100,000 nodes here): this bench measures
  // the grid against its own sync, so that one is stopped (the inventory bench measures it).
  await host.core.router.handle('inventory:cancel-sync', { trusted: true, label: 'grid bench' }, { workspaceId: WORKSPACE });
  // The sync phase as main reports it to the renderer (fleet:sync-progressed), not guessed by time.
  let phase: SyncState['phase'] = 'running';
  const phaseWaiters = new Set<() => void>();
  const unsubscribe = host.core.router.subscribe((channel, payload) => {
    if (channel !== 'fleet:sync-progressed' || (payload as SyncState).workspaceId !== WORKSPACE) return;
    phase = (payload as SyncState).phase;
    for (const wake of phaseWaiters) wake();
  });
  const untilPhase = (test: (p: SyncState['phase']) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!test(phase)) return;
        phaseWaiters.delete(check);
        resolve();
      };
      phaseWaiters.add(check);
      check();
    });
  const summary = (await host.core.router.handle('fleet:get-summary', { trusted: true, label: 'grid bench' }, { workspaceIds: [WORKSPACE] })) as {
    ok: boolean;
    value?: { syncs: SyncState[] };
  };
  if (summary.ok && summary.value?.syncs[0]) phase = summary.value.syncs[0].phase;
  // When the page last asked main for anything (the bench's own summary call above included).
  let lastAsked = performance.now();
  // Keystrokes the renderer's mirror could not answer reach main as fleet:list-nodes.
  let listCalls = 0;
  const handle = host.core.router.handle;
  host.core.router.handle = (channel, who, request) => {
    lastAsked = performance.now();
    if (channel === 'fleet:list-nodes') listCalls += 1;
    return handle(channel, who, request);
  };
  const untilQuiet = async (): Promise<void> => {
    for (let waited = performance.now() - lastAsked; waited < QUIET_MS; waited = performance.now() - lastAsked) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - waited));
    }
  };

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: BENCH_CHROMIUM_ARGS,
  });
  try {
    const syncStart = performance.now();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('fleet-grid').waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-total') === String(n), NODES, {
      timeout: 600_000,
    });
    const syncMs = performance.now() - syncStart;
    const filter = page.getByRole('searchbox').first();
    await filter.click();
    const typist = new Typist(page, filter);
    const running = (): boolean => phase === 'running';
    const ended = (): boolean => phase !== 'running';

    // 1. The first sync's tag pass is still writing when all rows are listed: an operator types now.
    const duringFirst = await typist.words(FIRST_SYNC_WORDS, running, 'first sync');

    // 2. The sync (tag pass included) has just ended, as main reported it: the page is still
    //    re-reading and repainting what its last writes changed. A word typed at once, no pause.
    await untilPhase(ended);
    const firstSyncEnded = phase;
    const afterSync = await typist.words(1, ended, 'sync just ended', { think: false });

    // 3. Idle: neither main nor the page is working on the sync any more (the page has asked
    //    nothing of main for QUIET_MS).
    await untilQuiet();
    const heapMb = await rendererHeapMb(page);
    const listCallsBeforeIdle = listCalls;
    const idle = await typist.words(IDLE_WORDS, ended, 'idle');
    const idleListCalls = listCalls - listCallsBeforeIdle;
    // The same typing under a Chromium trace: counts a loaded machine does not blur.
    let tracedKeys = 0;
    const trace = await traceKeystrokes(browser, page, typist.nextWordLength(), async () => {
      tracedKeys = (await typist.words(1, ended, 'traced')).length;
    });

    // 4. An operator's refreshes: listing and tags are written again while typing, and a word is
    //    typed the moment each one ends.
    const duringRefresh: Sample[] = [];
    for (let refresh = 0; refresh < REFRESHES; refresh += 1) {
      await filter.fill('');
      await page.getByTestId('fleet-refresh').click();
      await untilPhase(running);
      await filter.click();
      duringRefresh.push(...(await typist.words(WORDS_PER_REFRESH, running, `refresh ${refresh + 1}`)));
      await untilPhase(ended);
      afterSync.push(...(await typist.words(1, ended, `refresh ${refresh + 1} just ended`, { think: false })));
    }

    const during = [...duringFirst, ...duringRefresh];
    const all = [...during, ...afterSync, ...idle];
    const ms = (samples: Sample[]): number[] => samples.map((x) => x.presentedMs);
    const firstKeys = all.filter((x) => x.firstOfWord);
    return [
      info('rows in the grid', NODES, 'rows'),
      under('renderer JS heap once idle (rows mirrored), after a full GC', heapMb, 'MB', HEAP_BUDGET_MB),
      info('idle: keystrokes that asked main (fleet:list-nodes)', idleListCalls, 'calls'),
      info('all phases: fleet:list-nodes calls', listCalls, 'calls'),
      info('first sync and paint of 100,000 nodes', syncMs, 'ms'),
      info(`first sync ended ${firstSyncEnded}`, 1, 'flag'),
      info('words typed, none typed twice', typist.typed, 'words'),
      info('sync just ended: keystroke to repaint, p50', percentile(ms(afterSync), 50), 'ms'),
      under('sync just ended: keystroke to repaint, p95', percentile(ms(afterSync), 95), 'ms', BUDGET_MS),
      info('sync just ended: keystroke to repaint, max', Math.max(...ms(afterSync)), 'ms'),
      atLeast('sync just ended: keystrokes measured', afterSync.length, 'keystrokes', 20),
      info('idle: keystroke to repaint, p50', percentile(ms(idle), 50), 'ms'),
      under('idle: keystroke to repaint, p95', percentile(ms(idle), 95), 'ms', BUDGET_MS),
      info('idle: keystroke to repaint, max', Math.max(...ms(idle)), 'ms'),
      atLeast('idle: keystrokes measured', idle.length, 'keystrokes', 50),
      info('idle trace: keystrokes traced', tracedKeys, 'keystrokes'),
      info('idle trace: forced layouts per keystroke (caret reveal included)', trace.forcedLayoutsPerKeystroke, 'layouts'),
      info('idle trace: forced layouts of rows per keystroke', trace.forcedRowLayoutsPerKeystroke, 'layouts'),
      info('idle trace: scripting per keystroke', trace.scriptingMs, 'ms'),
      info('idle trace: style per keystroke', trace.styleMs, 'ms'),
      info('idle trace: layout per keystroke', trace.layoutMs, 'ms'),
      info('idle trace: paint, layerize and commit per keystroke', trace.paintMs, 'ms'),
      info('DOM nodes per grid row', trace.domNodesPerRow, 'nodes'),
      info('grid rows in the DOM', trace.rowsInDom, 'rows'),
      info('during sync: keystroke to repaint, p50', percentile(ms(during), 50), 'ms'),
      under('during sync: keystroke to repaint, p95', percentile(ms(during), 95), 'ms', BUDGET_MS),
      info('during sync: keystroke to repaint, max', Math.max(...ms(during)), 'ms'),
      atLeast('during sync: keystrokes measured', during.length, 'keystrokes', 50),
      info('during sync: of which in the first sync tag pass', duringFirst.length, 'keystrokes'),
      info('during first sync tag pass: p95', percentile(ms(duringFirst), 95), 'ms'),
      info('during operator refresh: p95', percentile(ms(duringRefresh), 95), 'ms'),
      info(`first key of a word (${THINK_MS} ms after reading), all phases: p95`, percentile(ms(firstKeys), 95), 'ms'),
      // Earlier stops stopped the clock once the rows' frame was committed, before it was drawn.
      info('all phases: keystroke to rows committed (not yet drawn), p95', percentile(all.map((x) => x.committedMs), 95), 'ms'),
      info('all phases: keystroke to repaint, p95', percentile(ms(all), 95), 'ms'),
      // Where an uncached keystroke's time goes (medians over all phases), so a change can aim at a stage.
      info('all phases, median: key to its first frame (the box echo)', percentile(all.map((x) => x.firstFrameMs), 50), 'ms'),
      info('all phases, median: key to rows rendered by React', percentile(all.map((x) => x.renderedMs), 50), 'ms'),
      info('all phases, median: rows rendered to their frame', percentile(all.map((x) => x.rowsFrameMs - x.renderedMs), 50), 'ms'),
      info('all phases, median: rows frame style, layout and paint', percentile(all.map((x) => x.committedMs - x.rowsFrameMs), 50), 'ms'),
      info('all phases, median: rows frame to on screen', percentile(all.map((x) => x.presentedMs - x.rowsFrameMs), 50), 'ms'),
      info('all phases: rows painted in the first frame after the key', all.filter((x) => x.rowsFrameMs <= x.firstFrameMs + 1).length, 'keystrokes'),
      info('all phases: keystrokes measured', all.length, 'keystrokes'),
      info("all phases: keystrokes answered by the renderer's mirror", all.filter((x) => x.fromMirror).length, 'keystrokes'),
      info("during sync: keystrokes answered by the renderer's mirror", during.filter((x) => x.fromMirror).length, 'keystrokes'),
      info("sync just ended: keystrokes answered by the renderer's mirror", afterSync.filter((x) => x.fromMirror).length, 'keystrokes'),
    ];
  } finally {
    host.core.router.handle = handle;
    unsubscribe();
    await browser.close();
    await host.close();
  }
}

/** The page's JS heap and typed-array storage after a full collection, in MB. */
async function rendererHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    // Typed arrays (the mirror's character-pair bitsets, sort orders) live in backing stores outside the JS heap proper.
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return (usage.usedSize + (usage.backingStorageSize ?? 0)) / 1e6;
  } finally {
    await cdp.detach();
  }
}

/** One keystroke, each stage in ms from its key event. */
interface Sample {
  /** The first frame after the key begins (it paints the box's echo). */
  firstFrameMs: number;
  /** React has committed the rows main sent for the text. */
  renderedMs: number;
  /** The frame that paints those rows begins. */
  rowsFrameMs: number;
  /** That frame's style, layout, paint and commit are done. */
  committedMs: number;
  /** The next frame begins: the rows are on screen. */
  presentedMs: number;
  /** The renderer's mirror answered the key (main did not). */
  fromMirror: boolean;
  firstOfWord: boolean;
}

/** Types WORDS in order, each from an empty filter, so that no text is ever typed twice. */
class Typist {
  typed = 0;

  constructor(
    private readonly page: Page,
    private readonly filter: ReturnType<Page['getByRole']>,
  ) {}

  /** Keys in the word `words` types next. */
  nextWordLength(): number {
    return WORDS[this.typed]?.length ?? 0;
  }

  /**
   * Types up to `count` new words while `keep()` holds, each after THINK_MS (unless `think` is
   * false), a key at a time, and returns the keystrokes for which `keep()` held both when the key
   * was pressed and when its rows were painted (a key that straddles the end of a sync belongs to
   * neither figure).
   */
  async words(count: number, keep: () => boolean, label: string, options: { think?: boolean } = {}): Promise<Sample[]> {
    const samples: Sample[] = [];
    for (let n = 0; n < count && keep(); n += 1) {
      const word = WORDS[this.typed];
      if (word === undefined) throw new Error(`the grid bench ran out of words after ${this.typed}: add more to WORDS, each with its own first character`);
      this.typed += 1;
      await this.filter.fill('');
      await this.page.waitForFunction(() => document.querySelector('[data-testid="fleet-grid"]')?.getAttribute('data-filter-applied') === '', undefined, {
        timeout: 600_000,
      });
      // The operator's pause before a word: a bench's think time, not a test's wait for an event.
      if (options.think !== false) await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      for (let i = 1; i <= word.length; i += 1) {
        const held = keep();
        const sample = { ...(await keystrokeToRepaint(this.page, word.charAt(i - 1), word.slice(0, i))), firstOfWord: i === 1 };
        const counted = held && keep();
        if (counted) samples.push(sample);
        if (verbose) {
          const stages = `first frame ${sample.firstFrameMs.toFixed(0)}, rendered ${sample.renderedMs.toFixed(0)}, rows frame ${sample.rowsFrameMs.toFixed(0)}`;
          process.stderr.write(`[grid-bench] ${label} '${word.slice(0, i)}' ${sample.presentedMs.toFixed(1)} ms (${stages})${counted ? '' : ' (not counted)'}\n`);
        }
      }
    }
    return samples;
  }
}

/**
 * Presses one key and measures, in the page, from the key event's own time stamp (so time the key
 * waited behind other work counts) to the grid showing `text`'s rows: once that frame is committed,
 * and once the next frame begins, by which time the rows' frame has been drawn. On the way it notes
 * where the time went: the first frame after the key (the box's echo), React committing the rows,
 * and the frame that paints them.
 */
export async function keystrokeToRepaint(page: Page, key: string, text: string): Promise<Omit<Sample, 'firstOfWord'>> {
  // Installed and awaited before the key is sent: a listener set up in parallel with the press can
  // miss the keydown, which once turned page uptime into "keystroke" figures of 80 s and more.
  await page.evaluate((expected) => {
    window.__benchRepaint = new Promise((resolve, reject) => {
      const gridEl = document.querySelector('[data-testid="fleet-grid"]') as HTMLElement;
      let start: number | null = null;
      let firstFrameMs = Number.NaN;
      window.addEventListener(
        'keydown',
        (event) => {
          start = event.timeStamp;
          const pressed = start;
          requestAnimationFrame(() => (firstFrameMs = performance.now() - pressed));
        },
        { once: true, capture: true },
      );
      const observer = new MutationObserver(() => {
        if (gridEl.getAttribute('data-filter-applied') !== expected) return;
        observer.disconnect();
        if (start === null) {
          reject(new Error(`rows for '${expected}' were painted before its keydown`));
          return;
        }
        const pressed = start;
        const renderedMs = performance.now() - pressed;
        const fromMirror = gridEl.dataset.rowsFrom === 'mirror';
        let committedMs = Number.NaN;
        // The rows' frame: its callbacks run, then its style, layout, paint and commit.
        requestAnimationFrame(() => {
          const rowsFrameMs = performance.now() - pressed;
          setTimeout(() => (committedMs = performance.now() - pressed), 0);
          // The frame after it begins once the rows' frame has been drawn.
          requestAnimationFrame(() => {
            const presentedMs = performance.now() - pressed;
            resolve({ firstFrameMs, renderedMs, rowsFrameMs, committedMs: Number.isNaN(committedMs) ? presentedMs : committedMs, presentedMs, fromMirror });
          });
        });
      });
      observer.observe(gridEl, { attributes: true, attributeFilter: ['data-filter-applied'] });
    });
  }, text);
  await page.keyboard.press(key);
  return page.evaluate(() => window.__benchRepaint!);
}
