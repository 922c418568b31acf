import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetSelection } from '../../../../preload/contract/commands';
import { commandLimits } from '../../../../preload/contract/commands';
import type { CommandDraft, TagRow, TargetMode, TargetProblem } from './command-draft';

interface TargetPickerProps {
  draft: CommandDraft;
  problem: TargetProblem | null;
  onChange: (patch: Partial<CommandDraft>) => void;
}

/** "Fleet filter: ping:online role:web", "i-0abc…", "3 nodes": what a preset names, in a line. */
export function PresetLabel({ targets }: { targets: TargetSelection }) {
  const { t } = useTranslation();
  if (targets.kind === 'filter') {
    return (
      <span>
        {t('commands.targets.presetFilter')} <code className="cmd-code">{targets.filter}</code>
      </span>
    );
  }
  if (targets.kind === 'nodes') {
    return targets.instanceIds.length === 1 ? (
      <span>
        {t('commands.targets.presetNode')} <code className="cmd-code">{targets.instanceIds[0]}</code>
      </span>
    ) : (
      <span>{t('commands.targets.presetNodes', { count: targets.instanceIds.length })}</span>
    );
  }
  return <span>{targets.filters.map((f) => `${f.key} = ${f.values.join(' | ')}`).join(' · ')}</span>;
}

/** Which nodes: what the operator came with, a tag query (AND across rows, OR within one), or pasted ids. */
export function TargetPicker({ draft, problem, onChange }: TargetPickerProps) {
  const { t } = useTranslation();
  const ids = useId();
  const modes: TargetMode[] = draft.preset ? ['preset', 'tags', 'ids'] : ['tags', 'ids'];
  const setRow = (index: number, patch: Partial<TagRow>): void => onChange({ tags: draft.tags.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  return (
    <fieldset className="cmd-targets" aria-describedby={problem ? `${ids}-problem` : undefined}>
      <legend className="cmd-section__title">{t('commands.targets.title')}</legend>
      <div className="cmd-tabs" role="radiogroup" aria-label={t('commands.targets.mode')}>
        {modes.map((mode) => (
          <label key={mode} className={`cmd-tabs__tab${draft.mode === mode ? ' is-on' : ''}`} data-testid={`command-target-mode-${mode}`}>
            <input type="radio" name={`${ids}-mode`} value={mode} checked={draft.mode === mode} onChange={() => onChange({ mode })} />
            {t(`commands.targets.modes.${mode}`)}
          </label>
        ))}
      </div>
      {draft.mode === 'preset' && draft.preset ? (
        <div className="cmd-targets__preset" data-testid="command-target-preset">
          <PresetLabel targets={draft.preset} />
        </div>
      ) : null}
      {draft.mode === 'tags' ? (
        <div className="cmd-tags">
          {draft.tags.map((row, index) => (
            <div key={index} className="cmd-tags__row">
              <input
                className="cmd-input cmd-tags__key mono"
                aria-label={t('commands.targets.tagKey', { n: index + 1 })}
                placeholder={t('commands.targets.tagKeyPlaceholder')}
                value={row.key}
                maxLength={128}
                data-testid="command-tag-key"
                onChange={(e) => setRow(index, { key: e.target.value })}
              />
              <span className="muted" aria-hidden="true">
                =
              </span>
              <input
                className="cmd-input cmd-tags__values mono"
                aria-label={t('commands.targets.tagValues', { n: index + 1 })}
                placeholder={t('commands.targets.tagValuesPlaceholder')}
                value={row.values}
                data-testid="command-tag-values"
                onChange={(e) => setRow(index, { values: e.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={t('commands.targets.removeTag', { n: index + 1 })}
                title={t('commands.targets.removeTag', { n: index + 1 })}
                disabled={draft.tags.length === 1 && row.key === '' && row.values === ''}
                onClick={() => onChange({ tags: draft.tags.length === 1 ? [{ key: '', values: '' }] : draft.tags.filter((_, i) => i !== index) })}
              >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                  <path d="M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
                </svg>
              </button>
            </div>
          ))}
          <div className="cmd-tags__foot">
            <button
              type="button"
              className="button button--small"
              disabled={draft.tags.length >= commandLimits.tagFilters}
              onClick={() => onChange({ tags: [...draft.tags, { key: '', values: '' }] })}
            >
              {t('commands.targets.addTag')}
            </button>
            <span className="muted cmd-hint">{t('commands.targets.tagRule')}</span>
          </div>
        </div>
      ) : null}
      {draft.mode === 'ids' ? (
        <textarea
          className="cmd-input cmd-input--area mono"
          rows={4}
          aria-label={t('commands.targets.idsLabel')}
          placeholder={t('commands.targets.idsPlaceholder')}
          spellCheck={false}
          value={draft.ids}
          data-testid="command-target-ids"
          onChange={(e) => onChange({ ids: e.target.value })}
        />
      ) : null}
      {problem ? (
        <span className="cmd-field__hint-warn" id={`${ids}-problem`} data-testid="command-target-problem">
          {t(`commands.targets.problems.${problem.key}`, problem.values ?? {})}
        </span>
      ) : null}
    </fieldset>
  );
}
