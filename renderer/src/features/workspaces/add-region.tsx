import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** AWS region names as the SDK accepts them: eu-west-1, us-gov-west-1, ap-southeast-4. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Watches a profile in one more region: the same credentials, another region's fleet. */
export function AddRegion({ profile, regions, onAdd }: { profile: string; regions: readonly string[]; onAdd: (workspaceId: string) => void }) {
  const { t } = useTranslation();
  const [region, setRegion] = useState('');
  const typed = region.trim().toLowerCase();
  const problem = typed === '' ? null : !REGION.test(typed) ? t('workspace.addRegion.invalid') : regions.includes(typed) ? t('workspace.addRegion.present') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed === '' || problem) return;
    onAdd(`profile:${profile}@${typed}`);
    setRegion('');
  };
  return (
    <form className="ws-add-region" onSubmit={submit} data-testid="workspace-add-region">
      <input
        className="mono"
        value={region}
        onChange={(e) => setRegion(e.target.value)}
        placeholder={t('workspace.addRegion.placeholder')}
        aria-label={t('workspace.addRegion.label', { profile })}
        aria-invalid={problem !== null}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" className="button button--small" disabled={typed === '' || problem !== null}>
        {t('workspace.addRegion.add')}
      </button>
      {problem ? <span className="ws-add-region__problem" role="alert">{problem}</span> : null}
    </form>
  );
}
