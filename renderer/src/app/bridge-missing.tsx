import { useTranslation } from 'react-i18next';

/** Shown when the page has no `window.capstan`: opened outside Capstan, or the preload failed. */
export function BridgeMissing() {
  const { t } = useTranslation();
  return (
    <div className="fullpage" role="alert" data-testid="bridge-missing">
      <div className="fullpage__box">
        <h1 className="fullpage__title">{t('errors.bridgeTitle')}</h1>
        <p className="fullpage__text">{t('errors.bridgeText')}</p>
        <p className="fullpage__text muted">{t('errors.bridgeHint')}</p>
        <code className="fullpage__detail">window.capstan</code>
      </div>
    </div>
  );
}
