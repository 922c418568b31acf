import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type { ITerminalOptions } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ThemeName } from '../../lib/theme';
import { debounce } from './debounce';
import type { TerminalKeyAction } from './terminal-keys';
import { terminalKeyAction } from './terminal-keys';
import { terminalTheme } from './terminal-theme';

// Resizes reach the remote PTY after the drag settles; xterm itself re-flows at once.
const RESIZE_DEBOUNCE_MS = 120;
const SCROLLBACK_LINES = 10_000;

/** The live xterm of a tab and its addons. */
export interface TerminalHandle {
  readonly terminal: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
  /** Changes xterm options (theme, font size, stdin) in place. */
  readonly configure: (options: Partial<ITerminalOptions>) => void;
}

/** Callbacks a tab gives its terminal; read through a ref, so changing them never rebuilds xterm. */
export interface TerminalCallbacks {
  /** Keystrokes and paste, as xterm encodes them (^C is "\\x03"). */
  onData(data: string): void;
  /** A tab-level key (copy, find, font size); return true when handled so the shell never sees it. */
  onKeyAction(action: TerminalKeyAction): boolean;
  /** First measured size (cols × rows), before any output: the session starts with it. */
  onMeasured(cols: number, rows: number): void;
  /** Size after a settled resize, for `sessions:resize-terminal`. */
  onResized(cols: number, rows: number): void;
  /** A link the operator clicked (goes through `app:open-external`, which enforces the allowlist). */
  onOpenLink(uri: string): void;
}

/** Creates xterm in `container` once, keeps theme and font size in step, and fits it to the box. */
export function useTerminal(
  container: RefObject<HTMLDivElement | null>,
  options: { theme: ThemeName; fontSize: number; visible: boolean },
  callbacks: TerminalCallbacks,
): TerminalHandle | null {
  const [handle, setHandle] = useState<TerminalHandle | null>(null);
  const latest = useRef(callbacks);
  const initial = useRef(options);

  useEffect(() => {
    latest.current = callbacks;
  });

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const terminal = new Terminal({
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, monospace",
      fontSize: initial.current.fontSize,
      theme: terminalTheme(initial.current.theme),
      scrollback: SCROLLBACK_LINES,
      allowProposedApi: true,
      // Right-click opens our copy/paste menu; it should not also change the selection.
      rightClickSelectsWord: false,
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 2000 });
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        latest.current.onOpenLink(uri);
      }),
    );
    terminal.attachCustomKeyEventHandler((e) => {
      const action = terminalKeyAction(e);
      if (!action) return true;
      // Paste is left to the browser: its paste event reaches xterm's textarea without any
      // clipboard permission, and xterm applies bracketed paste when the shell asked for it.
      if (action === 'paste') return false;
      if (latest.current.onKeyAction(action)) {
        e.preventDefault();
        return false;
      }
      return true;
    });
    terminal.open(el);
    const resized = debounce((cols: number, rows: number) => latest.current.onResized(cols, rows), RESIZE_DEBOUNCE_MS);
    let measured = false;
    const refit = (): void => {
      // A hidden tab has no box: fitting it would shrink the remote PTY to 2 columns.
      if (el.clientWidth === 0 || el.clientHeight === 0) return;
      fit.fit();
      if (!measured) {
        measured = true;
        latest.current.onMeasured(terminal.cols, terminal.rows);
      }
    };
    const onData = terminal.onData((data) => latest.current.onData(data));
    const onResize = terminal.onResize(({ cols, rows }) => {
      if (measured) resized.call(cols, rows);
    });
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    refit();
    setHandle({ terminal, fit, search, configure: (o) => Object.assign(terminal.options, o) });
    return () => {
      observer.disconnect();
      resized.cancel();
      onData.dispose();
      onResize.dispose();
      terminal.dispose();
      setHandle(null);
    };
  }, [container]);

  useEffect(() => {
    if (!handle) return;
    handle.configure({ theme: terminalTheme(options.theme) });
  }, [handle, options.theme]);

  useEffect(() => {
    if (!handle) return;
    handle.configure({ fontSize: options.fontSize });
    const el = container.current;
    if (options.visible && el && el.clientWidth > 0 && el.clientHeight > 0) handle.fit.fit();
  }, [handle, container, options.fontSize, options.visible]);

  return handle;
}
