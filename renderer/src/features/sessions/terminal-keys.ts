// Which keystrokes the tab keeps for itself; everything else, Ctrl+C included, goes to the shell.

/** The parts of a KeyboardEvent the decision needs, so tests can pass plain objects. */
export interface KeyLike {
  readonly type: string;
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

/** A tab-level action bound to a key. `paste` is left to the browser's own paste event. */
export type TerminalKeyAction = 'copy' | 'paste' | 'find' | 'font-bigger' | 'font-smaller' | 'font-reset';

/**
 * The tab action for a key, or null when the key belongs to the shell. Ctrl+C without Shift is
 * never taken: operators expect ^C to interrupt the remote command, so copy is Ctrl+Shift+C.
 */
export function terminalKeyAction(e: KeyLike): TerminalKeyAction | null {
  if (e.type !== 'keydown' || e.altKey) return null;
  // macOS operators use Cmd for the same actions; Cmd never reaches a remote shell anyway.
  const mod = e.ctrlKey || e.metaKey;
  if (!mod) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.shiftKey) {
    if (key === 'c') return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'f') return 'find';
    // Shift+= types '+' on US layouts: Ctrl+Shift+= and Ctrl++ both mean "bigger".
    if (key === '+' || e.code === 'Equal') return 'font-bigger';
    if (key === '_' || e.code === 'Minus') return 'font-smaller';
    return null;
  }
  if (key === '=' || key === '+') return 'font-bigger';
  if (key === '-') return 'font-smaller';
  if (key === '0') return 'font-reset';
  if (e.metaKey && key === 'c') return 'copy';
  if (e.metaKey && key === 'v') return 'paste';
  return null;
}
