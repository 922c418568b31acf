import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TargetSelection } from '../../../../preload/contract/commands';
import type { RunbookTargets } from '../../../../preload/contract/runbooks';
import type { RunbookDraft, TargetMode } from './runbook-drafts';
import { describeTagFilters, parseInstanceIds, parseTagQuery, type TargetInputResult } from './target-input';

/** What the operator came with: the preset nodes first, then the grid's filter, then a tag query. */
export function defaultTargetMode(presetTargets: TargetSelection | null, gridFilter: string): TargetMode {
  if (presetTargets) return 'preset';
  return gridFilter.trim() ? 'filter' : 'tags';
}

/** The targets a `chosen` runbook would run on, from the draft; an error says what to fix. */
export function chosenTargets(draft: RunbookDraft, presetTargets: TargetSelection | null, gridFilter: string): TargetInputResult {
  const mode = draft.targetMode ?? defaultTargetMode(presetTargets, gridFilter);
  if (mode === 'preset' && presetTargets) return { ok: true, targets: presetTargets };
  if (mode === 'filter' && gridFilter.trim()) return { ok: true, targets: { kind: 'filter', filter: gridFilter.trim() } };
  if (mode === 'ids') return parseInstanceIds(draft.idsText);
  return parseTagQuery(draft.tagText);
}

/** One line for a preset selection: "i-0abc…" for one node, "3 nodes", a filter or a tag query. */
export function describeSelection(t: TFunction, targets: TargetSelection): string {
  if (targets.kind === 'nodes') {
    return targets.instanceIds.length === 1 ? (targets.instanceIds[0] ?? '') : t('runbooks.targets.nodesCount', { count: targets.instanceIds.length });
  }
  if (targets.kind === 'filter') return targets.filter;
  return describeTagFilters(targets.filters);
}

interface TargetChooserProps {
  idPrefix: string;
  targets: RunbookTargets;
  draft: RunbookDraft;
  presetTargets: TargetSelection | null;
  gridFilter: string;
  /** The typed targets' problem, shown under the field being typed in (not while it is still empty). */
  error: string | null;
  onChange: (change: Partial<Pick<RunbookDraft, 'targetMode' | 'tagText' | 'idsText'>>) => void;
}

/** Fixed targets read-only; for `chosen`, the preset nodes, the grid's filter, a tag query or pasted ids. */
export function TargetChooser({ idPrefix, targets, draft, presetTargets, gridFilter, error, onChange }: TargetChooserProps) {
  const { t } = useTranslation();
  if (targets.kind === 'nodes') {
    return <p className="runbook-form__fixed-targets">{t('runbooks.targets.fixedNodes', { count: targets.instanceIds.length, ids: targets.instanceIds.join(', ') })}</p>;
  }
  if (targets.kind === 'tags') {
    return (
      <p className="runbook-form__fixed-targets">
        {t('runbooks.targets.fixedTags')} <code className="selectable">{describeTagFilters(targets.filters)}</code>
      </p>
    );
  }
  const mode = draft.targetMode ?? defaultTargetMode(presetTargets, gridFilter);
  const name = `${idPrefix}-target-mode`;
  const option = (value: TargetMode, label: string, detail: string | null, disabled = false) => (
    <label className={`runbook-targets__option${disabled ? ' is-disabled' : ''}`}>
      <input type="radio" name={name} value={value} checked={mode === value} disabled={disabled} onChange={() => onChange({ targetMode: value })} data-testid={`runbook-target-${value}`} />
      <span className="runbook-targets__label">
        <span>{label}</span>
        {detail ? <code className="runbook-targets__detail selectable">{detail}</code> : null}
        {disabled ? <span className="muted">{t('runbooks.targets.filterEmpty')}</span> : null}
      </span>
    </label>
  );
  const errorId = `${idPrefix}-targets-error`;
  const errorLine = error ? (
    <span id={errorId} className="runbook-form__error" role="alert" data-testid="runbook-target-error">
      {error}
    </span>
  ) : null;
  return (
    <fieldset className="runbook-targets">
      <legend className="runbook-form__label">{t('runbooks.targets.legend')}</legend>
      {presetTargets ? option('preset', t('runbooks.targets.preset'), describeSelection(t, presetTargets)) : null}
      {option('filter', t('runbooks.targets.filter'), gridFilter.trim() || null, !gridFilter.trim())}
      {option('tags', t('runbooks.targets.tags'), null)}
      {mode === 'tags' ? (
        <input
          className="input runbook-form__input runbook-targets__text"
          aria-label={t('runbooks.targets.tagsLabel')}
          placeholder={t('runbooks.targets.tagsPlaceholder')}
          value={draft.tagText}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${idPrefix}-tags-help` : `${idPrefix}-tags-help`}
          onChange={(e) => onChange({ tagText: e.target.value })}
          // Picking "tags" means typing next: the cursor goes there (the dialog's first field wins on open).
          autoFocus
          data-testid="runbook-target-tags-input"
        />
      ) : null}
      {mode === 'tags' ? (
        <span id={`${idPrefix}-tags-help`} className="runbook-form__help">
          {t('runbooks.targets.tagsHelp')}
        </span>
      ) : null}
      {mode === 'tags' ? errorLine : null}
      {option('ids', t('runbooks.targets.ids'), null)}
      {mode === 'ids' ? (
        <textarea
          className="input runbook-form__input runbook-form__textarea runbook-targets__text"
          aria-label={t('runbooks.targets.idsLabel')}
          placeholder="i-0123456789abcdef0"
          rows={3}
          value={draft.idsText}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange({ idsText: e.target.value })}
          autoFocus
          data-testid="runbook-target-ids-input"
        />
      ) : null}
      {mode === 'ids' ? errorLine : null}
    </fieldset>
  );
}
