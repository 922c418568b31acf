import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invocation } from '../../../../preload/contract/commands';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { toneOf } from './job-status';

interface FullOutputProps {
  jobId: string;
  row: Invocation;
  onClose: () => void;
}

/** One node's whole output per step (GetCommandInvocation), with truncation said plainly. */
export function FullOutput({ jobId, row, onClose }: FullOutputProps) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  const output = useQuery({
    queryKey: ['commands', 'output', jobId, row.instanceId, row.status],
    queryFn: () => unwrap(bridge().commands.getInvocationOutput({ jobId, instanceId: row.instanceId })),
  });
  useEffect(() => closeRef.current?.focus(), [row.instanceId]);

  return (
    <aside
      className="job-output"
      aria-label={t('commands.output.label', { node: row.nodeName || row.instanceId })}
      data-testid="job-full-output"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="job-output__head">
        <h3 className="job-output__title">
          {row.nodeName || row.instanceId} <span className="mono muted">{row.instanceId}</span>
        </h3>
        <span className={`cmd-status cmd-status--${toneOf(row.status)}`}>{t(`commands.status.${row.status}`)}</span>
        <button ref={closeRef} type="button" className="button button--small" onClick={onClose}>
          {t('commands.output.close')}
        </button>
      </div>
      {output.isPending ? <p className="muted">{t('commands.output.loading')}</p> : null}
      {output.error ? (
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('commands.output.failed')}</span>
          <ErrorDetail error={errorInfoOf(output.error)} />
          <button type="button" className="button button--small" onClick={() => void output.refetch()}>
            {t('common.retry')}
          </button>
          {/* What the job list already holds stays readable while the full text cannot be fetched. */}
          <pre className="cmd-pre selectable">{row.output}</pre>
        </div>
      ) : null}
      {output.data?.steps.map((step) => (
        <section key={step.name} className="job-output__step" aria-label={step.name}>
          <div className="job-output__step-head">
            <span className="mono">{step.name}</span>
            <span className="muted">{step.status}</span>
            <span className="mono muted">{t('commands.groups.exit', { code: step.responseCode })}</span>
          </div>
          <div className="job-output__stream-title">{t('commands.output.stdout')}</div>
          <pre className="cmd-pre selectable" data-testid="job-output-stdout">
            {step.stdout || <span className="muted">{t('commands.output.empty')}</span>}
          </pre>
          {step.stdoutTruncated ? <p className="cmd-truncated">{t('commands.output.stdoutTruncated')}</p> : null}
          {step.stderr || step.stderrTruncated ? (
            <>
              <div className="job-output__stream-title">{t('commands.output.stderr')}</div>
              <pre className="cmd-pre cmd-pre--stderr selectable">{step.stderr}</pre>
              {step.stderrTruncated ? <p className="cmd-truncated">{t('commands.output.stderrTruncated')}</p> : null}
            </>
          ) : null}
        </section>
      ))}
      {output.data && output.data.steps.length === 0 ? <p className="muted">{t('commands.output.noSteps')}</p> : null}
    </aside>
  );
}
