import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../preload/contract/commands';
import { errorInfoOf } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { useDocuments } from './command-queries';

interface DocumentPickerProps {
  workspaceId: string;
  selected: string | null;
  onSelect: (name: string) => void;
}

/** Amazon's documents, or the account's own (its owner is the account id). */
export function isAmazon(document: Pick<DocumentSummary, 'owner'>): boolean {
  return document.owner === 'Amazon';
}

function matches(document: DocumentSummary, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return document.name.toLowerCase().includes(needle) || document.description.toLowerCase().includes(needle) || document.platformTypes.some((p) => p.toLowerCase() === needle);
}

/** The owner badge and platform chips of a document, as the list and the chosen document show them. */
export function DocumentBadges({ document }: { document: DocumentSummary }) {
  const { t } = useTranslation();
  return (
    <span className="cmd-doc__badges">
      <span className={`badge ${isAmazon(document) ? 'cmd-badge--amazon' : 'cmd-badge--own'}`} title={isAmazon(document) ? undefined : t('commands.documents.ownTitle', { owner: document.owner })}>
        {isAmazon(document) ? t('commands.documents.amazon') : t('commands.documents.own')}
      </span>
      {document.platformTypes.map((platform) => (
        <span key={platform} className="chip cmd-doc__platform">
          {platform}
        </span>
      ))}
    </span>
  );
}

/** Searchable list of command documents, the account's own first; arrows and Enter pick one. */
export function DocumentPicker({ workspaceId, selected, onSelect }: DocumentPickerProps) {
  const { t } = useTranslation();
  const ids = useId();
  const documents = useDocuments(workspaceId);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(() => {
    const list = (documents.data?.documents ?? []).filter((d) => d.documentType === 'Command' && matches(d, text));
    // Runbook-grade documents the account wrote are what an operator reaches for most at 3 a.m.
    return list.sort((a, b) => Number(isAmazon(a)) - Number(isAmazon(b)) || a.name.localeCompare(b.name));
  }, [documents.data, text]);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));

  if (documents.error && !documents.data) {
    return (
      <div className="banner banner--error" role="alert" data-testid="command-documents-error">
        <span className="banner__title">{t('commands.documents.loadFailed')}</span>
        <ErrorDetail error={errorInfoOf(documents.error)} />
        <button type="button" className="button button--small" onClick={() => void documents.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  return (
    <div className="cmd-picker">
      <input
        className="cmd-input cmd-picker__search"
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${ids}-list`}
        aria-activedescendant={shown.length > 0 ? `${ids}-opt-${activeIndex}` : undefined}
        aria-label={t('commands.documents.search')}
        placeholder={t('commands.documents.searchPlaceholder')}
        value={text}
        data-testid="command-document-search"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive(Math.min(shown.length - 1, Math.max(0, activeIndex + step)));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const pick = shown[activeIndex];
            if (pick) onSelect(pick.name);
          }
        }}
      />
      <ul className="cmd-picker__list" id={`${ids}-list`} role="listbox" aria-label={t('commands.documents.label')} data-testid="command-documents">
        {documents.isPending ? <li className="cmd-picker__note muted">{t('commands.documents.loading')}</li> : null}
        {documents.data && shown.length === 0 ? <li className="cmd-picker__note muted">{t('commands.documents.none', { text: text.trim() })}</li> : null}
        {shown.map((document, index) => (
          <li
            key={document.name}
            id={`${ids}-opt-${index}`}
            role="option"
            aria-selected={document.name === selected}
            className={`cmd-picker__option${index === activeIndex ? ' is-active' : ''}${document.name === selected ? ' is-selected' : ''}`}
            data-testid="command-document"
            data-name={document.name}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setActive(index);
              onSelect(document.name);
            }}
          >
            <span className="cmd-picker__name">{document.name}</span>
            <DocumentBadges document={document} />
            <span className="cmd-picker__desc muted">{document.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
