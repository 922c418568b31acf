import { useTranslation } from 'react-i18next';
import type { Workspace, WorkspaceState } from '../../../../preload/contract/workspaces';
import { credentialBadges, stateTone } from './workspace-model';

/** The TRAINING label, everywhere the training fleet is named. */
export function TrainingBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge--training" data-testid="training-badge">
      {t('workspace.trainingBadge')}
    </span>
  );
}

/** A state as a coloured dot and a word: the word carries the meaning, never the colour alone. */
export function StateMark({ state, compact = false }: { state: WorkspaceState; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`ws-state ws-state--${stateTone(state)}${compact ? ' ws-state--compact' : ''}`} data-state={state} data-testid="workspace-state">
      <span className="ws-state__dot" aria-hidden="true" />
      {t(`workspace.state.${state}`)}
    </span>
  );
}

/** How the workspace gets credentials: TRAINING, SSO, Role, Keys… and MFA when a code is asked. */
export function CredentialBadges({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  return (
    <>
      {credentialBadges(workspace).map((badge) =>
        badge === 'training' ? (
          <TrainingBadge key={badge} />
        ) : (
          <span key={badge} className={`badge ws-badge ws-badge--${badge}`} title={t(`workspace.credential.${badge}Title`)} data-testid={`credential-${badge}`}>
            {t(`workspace.credential.${badge}`)}
          </span>
        ),
      )}
    </>
  );
}

/** Who AWS says we are in the default workspace (STS GetCallerIdentity): what audit entries record. */
export function CallerIdentity({ arn }: { arn: string }) {
  const { t } = useTranslation();
  return (
    <span className="ws-identity" title={t('workspace.signedInAsTitle', { arn })} data-testid="caller-identity">
      <span className="ws-identity__label">{t('workspace.signedInAs')}</span>{' '}
      <code className="ws-identity__arn selectable">{arn}</code>
    </span>
  );
}
