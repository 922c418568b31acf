import { useId } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { InventoryTypeName } from '../../../../preload/contract/inventory';
import { errorHint, errorMessage } from '../../lib/error-text';
import { PendingSpinner } from '../../lib/pending-spinner';
import type { FilterDraft, Platform } from './search-filters';
import { NO_FILTERS, PING_STATUSES, PLATFORMS, TYPE_NAMES, activeFilterCount, parseTag } from './search-filters';
import { typeLabel } from './type-labels';

interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter: search now, without waiting for the debounce. */
  onSubmit: () => void;
  /** ↓: hand the keyboard to the results. */
  onLeave: () => void;
  pending: boolean;
  error: ErrorInfo | null;
  inputRef: RefObject<HTMLInputElement | null>;
}

/** The one search box: results as the operator types, Enter at once, Esc clears, ↓ to the results. */
export function SearchBox({ value, onChange, onSubmit, onLeave, pending, error, inputRef }: SearchBoxProps) {
  const { t } = useTranslation();
  const errorId = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onSubmit();
    } else if (e.key === 'Escape' && value) {
      e.preventDefault();
      onChange('');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      onLeave();
    }
  };
  return (
    <div className="filter inventory-search">
      <div className={`filter__field${error ? ' has-error' : ''}`}>
        <svg className="filter__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M6.5 1a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64-1.06 1.06-3.64-3.65A5.5 5.5 0 1 1 6.5 1Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
        </svg>
        <input
          ref={inputRef}
          type="text"
          role="searchbox"
          className="filter__input"
          value={value}
          spellCheck={false}
          autoComplete="off"
          maxLength={2000}
          placeholder={t('inventory.search.placeholder')}
          aria-label={t('inventory.search.label')}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid="inventory-search"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <PendingSpinner pending={pending} />
        {value ? (
          <button type="button" className="icon-button filter__clear" aria-label={t('inventory.search.clear')} onClick={() => onChange('')}>
            ×
          </button>
        ) : null}
      </div>
      {error ? (
        <div id={errorId} className="filter__error" role="alert" data-testid="inventory-search-error">
          <span className="filter__error-text">{errorMessage(error, t) || error.code}</span>
          {error.hint ? <span className="filter__error-hint">{errorHint(error, t)}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Platform, ping status, inventory type and tag: the narrowing a NOC asks for most. */
export function FilterBar({ draft, onChange }: { draft: FilterDraft; onChange: (draft: FilterDraft) => void }) {
  const { t } = useTranslation();
  const tagId = useId();
  const tagProblem = parseTag(draft.tag).problem;
  const chip = (on: boolean) => `chip chip--button inventory-filters__chip${on ? ' is-on' : ''}`;
  return (
    <div className="inventory-filters" role="group" aria-label={t('inventory.filters.label')}>
      <span className="inventory-filters__group" role="group" aria-label={t('inventory.filters.platform')}>
        {PLATFORMS.map((p: Platform) => (
          <button key={p} type="button" className={chip(draft.platforms.includes(p))} aria-pressed={draft.platforms.includes(p)} onClick={() => onChange({ ...draft, platforms: toggle(draft.platforms, p) })}>
            {t(`inventory.filters.platforms.${p}`)}
          </button>
        ))}
      </span>
      <span className="inventory-filters__group" role="group" aria-label={t('inventory.filters.ping')}>
        {PING_STATUSES.map((s) => (
          <button key={s} type="button" className={chip(draft.pings.includes(s))} aria-pressed={draft.pings.includes(s)} onClick={() => onChange({ ...draft, pings: toggle(draft.pings, s) })}>
            {t(`fleet.ping.${s}`)}
          </button>
        ))}
      </span>
      <select
        className="inventory-filters__select"
        aria-label={t('inventory.filters.type')}
        value={draft.typeName}
        data-testid="inventory-type-filter"
        onChange={(e) => onChange({ ...draft, typeName: e.target.value as InventoryTypeName | '' })}
      >
        <option value="">{t('inventory.filters.allTypes')}</option>
        {TYPE_NAMES.map((type) => (
          <option key={type} value={type}>
            {typeLabel(t, type)}
          </option>
        ))}
      </select>
      <span className="inventory-filters__tag">
        <input
          type="text"
          className={`inventory-filters__tag-input${tagProblem ? ' has-error' : ''}`}
          value={draft.tag}
          spellCheck={false}
          placeholder={t('inventory.filters.tagPlaceholder')}
          aria-label={t('inventory.filters.tag')}
          aria-invalid={tagProblem ? true : undefined}
          aria-describedby={tagProblem ? tagId : undefined}
          onChange={(e) => onChange({ ...draft, tag: e.target.value })}
        />
        {tagProblem ? (
          <span id={tagId} className="inventory-filters__problem" role="alert">
            {t(tagProblem)}
          </span>
        ) : null}
      </span>
      {activeFilterCount(draft) > 0 ? (
        <button type="button" className="button button--small" onClick={() => onChange(NO_FILTERS)}>
          {t('inventory.filters.clear')}
        </button>
      ) : null}
    </div>
  );
}
