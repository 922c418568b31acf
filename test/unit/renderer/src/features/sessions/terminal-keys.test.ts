import { describe, expect, it } from 'vitest';
import { terminalKeyAction } from '../../../../../../renderer/src/features/sessions/terminal-keys';
import type { KeyLike } from '../../../../../../renderer/src/features/sessions/terminal-keys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ type: 'keydown', key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });

describe('terminalKeyAction', () => {
  it('leaves Ctrl+C, Ctrl+D, Ctrl+F, Ctrl+V and plain keys to the shell', () => {
    for (const k of ['c', 'd', 'f', 'v', 'z', 'r']) expect(terminalKeyAction(key(k, { ctrlKey: true }))).toBeNull();
    expect(terminalKeyAction(key('a'))).toBeNull();
    expect(terminalKeyAction(key('Enter'))).toBeNull();
  });

  it('takes Ctrl+Shift+C, Ctrl+Shift+V and Ctrl+Shift+F (any letter case)', () => {
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }))).toBe('copy');
    expect(terminalKeyAction(key('V', { ctrlKey: true, shiftKey: true }))).toBe('paste');
    expect(terminalKeyAction(key('F', { ctrlKey: true, shiftKey: true }))).toBe('find');
  });

  it('maps Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0 to font size', () => {
    expect(terminalKeyAction(key('=', { ctrlKey: true }))).toBe('font-bigger');
    expect(terminalKeyAction(key('+', { ctrlKey: true, shiftKey: true, code: 'Equal' }))).toBe('font-bigger');
    expect(terminalKeyAction(key('-', { ctrlKey: true }))).toBe('font-smaller');
    expect(terminalKeyAction(key('0', { ctrlKey: true }))).toBe('font-reset');
  });

  it('gives macOS Cmd+C / Cmd+V copy and paste, and ignores key-up and Alt chords', () => {
    expect(terminalKeyAction(key('c', { metaKey: true }))).toBe('copy');
    expect(terminalKeyAction(key('v', { metaKey: true }))).toBe('paste');
    expect(terminalKeyAction({ ...key('C', { ctrlKey: true, shiftKey: true }), type: 'keyup' })).toBeNull();
    expect(terminalKeyAction(key('=', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
