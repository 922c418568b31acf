import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThemeName } from '../../lib/theme';
import type { TerminalHandle } from './use-terminal';
import { searchDecorations } from './terminal-theme';

/** Find in scrollback: Enter next, Shift+Enter previous, Esc closes and hands focus back to the shell. */
export function FindBar({ handle, theme, onClose }: { handle: TerminalHandle | null; theme: ThemeName; onClose: () => void }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  useEffect(() => {
    if (!handle) return undefined;
    const sub = handle.search.onDidChangeResults((r) => setResults({ index: r.resultIndex, count: r.resultCount }));
    return () => {
      sub.dispose();
      handle.search.clearDecorations();
    };
  }, [handle]);

  const find = (direction: 'next' | 'previous', text = term, incremental = false): void => {
    if (!handle) return;
    if (!text) {
      handle.search.clearDecorations();
      setResults(null);
      return;
    }
    const options = { decorations: searchDecorations(theme), incremental };
    if (direction === 'next') handle.search.findNext(text, options);
    else handle.search.findPrevious(text, options);
  };

  let count = '';
  if (term && results) {
    count = results.count === 0 ? t('sessions.find.none') : t('sessions.find.count', { index: results.index + 1, count: results.count });
  }

  return (
    <div className="find-bar" role="search" data-testid="session-find">
      <input
        ref={inputRef}
        className="find-bar__input"
        value={term}
        placeholder={t('sessions.find.placeholder')}
        aria-label={t('sessions.find.label')}
        onChange={(e) => {
          setTerm(e.target.value);
          find('next', e.target.value, true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(e.shiftKey ? 'previous' : 'next');
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="find-bar__count muted" aria-live="polite">
        {count}
      </span>
      <button type="button" className="icon-button" onClick={() => find('previous')} aria-label={t('sessions.find.previous')} title={t('sessions.find.previous')}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 4 3 9.5l1.1 1.1L8 6.7l3.9 3.9L13 9.5z" />
        </svg>
      </button>
      <button type="button" className="icon-button" onClick={() => find('next')} aria-label={t('sessions.find.next')} title={t('sessions.find.next')}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 12 3 6.5l1.1-1.1L8 9.3l3.9-3.9L13 6.5z" />
        </svg>
      </button>
      <button type="button" className="icon-button" onClick={onClose} aria-label={t('sessions.find.close')} title={t('sessions.find.close')}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="m4.2 3.1 3.8 3.8 3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
        </svg>
      </button>
    </div>
  );
}
