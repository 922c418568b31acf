import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputGroup } from '../../../../preload/contract/commands';
import { errorInfoOf } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { ErrorDetail } from '../fleet/fleet-states';
import { useOutputGroups } from './command-queries';
import { firstLine } from './output-lines';
import { toneOf } from './job-status';

interface OutputGroupsProps {
  jobId: string;
  /** Filters the node table to one group's nodes. */
  onShowNodes: (group: OutputGroup) => void;
}

/** "300 nodes · Success · exit 0 · OK" per group of identical results; outliers stand out. */
export function OutputGroups({ jobId, onShowNodes }: OutputGroupsProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const groups = useOutputGroups(jobId);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const list = groups.data?.groups ?? [];
  const largest = list.reduce((max, group) => Math.max(max, group.count), 0);

  if (groups.error && !groups.data) {
    return (
      <div className="banner banner--error" role="alert">
        <span className="banner__title">{t('commands.groups.loadFailed')}</span>
        <ErrorDetail error={errorInfoOf(groups.error)} />
        <button type="button" className="button button--small" onClick={() => void groups.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <section className="job-groups" aria-label={t('commands.groups.label')} data-testid="job-groups" data-count={list.length}>
      <h3 className="cmd-section__title">{t('commands.groups.title')}</h3>
      {groups.isPending ? <p className="muted">{t('commands.groups.loading')}</p> : null}
      {groups.data && list.length === 0 ? <p className="muted">{t('commands.groups.none')}</p> : null}
      <ul className="job-groups__list">
        {list.map((group, index) => {
          const { line, more } = firstLine(group.output);
          const expanded = open.has(index);
          // An outlier: not a success, or a minority beside a clearly larger group.
          const outlier = group.status !== 'Success' || (list.length > 1 && group.count < largest);
          return (
            <li key={index} className={`job-group${outlier ? ' is-outlier' : ''} cmd-edge--${toneOf(group.status)}`} data-testid="job-group" data-status={group.status} data-count={group.count}>
              <button
                type="button"
                className="job-group__line"
                aria-expanded={expanded}
                onClick={() => setOpen((old) => (old.has(index) ? new Set([...old].filter((i) => i !== index)) : new Set(old).add(index)))}
              >
                <span className="job-group__chevron" aria-hidden="true" />
                <strong className="num job-group__count">{t('commands.groups.nodes', { count: group.count, formatted: formatCount(group.count, lng) })}</strong>
                <span className={`cmd-status cmd-status--${toneOf(group.status)}`}>{t(`commands.status.${group.status}`)}</span>
                {group.responseCode !== null ? <span className="mono job-group__exit">{t('commands.groups.exit', { code: group.responseCode })}</span> : null}
                <span className="mono job-group__output" data-testid="job-group-output">
                  {line === '' ? <span className="muted">{group.statusDetails && group.statusDetails !== group.status ? group.statusDetails : t('commands.groups.noOutput')}</span> : line}
                </span>
                {more > 0 ? <span className="muted job-group__more">{t('commands.groups.moreLines', { count: more })}</span> : null}
              </button>
              {expanded ? (
                <div className="job-group__body">
                  {group.statusDetails && group.statusDetails !== group.status ? <p className="muted">{group.statusDetails}</p> : null}
                  <pre className="cmd-pre selectable">{group.output || t('commands.groups.noOutput')}</pre>
                  <div className="job-group__nodes">
                    <span className="muted">
                      {group.count > group.instanceIds.length
                        ? t('commands.groups.firstNodes', { shown: group.instanceIds.length, total: formatCount(group.count, lng) })
                        : t('commands.groups.theseNodes')}
                    </span>
                    {group.instanceIds.slice(0, 24).map((id) => (
                      <span key={id} className="chip">
                        {id}
                      </span>
                    ))}
                    {group.instanceIds.length > 24 ? <span className="chip chip--more">+{group.instanceIds.length - 24}</span> : null}
                    <button type="button" className="button button--small" onClick={() => onShowNodes(group)}>
                      {t('commands.groups.showInTable')}
                    </button>
                  </div>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
