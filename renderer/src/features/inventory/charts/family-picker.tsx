import { useTranslation } from 'react-i18next';
import { SOFTWARE_FAMILIES, type SoftwareFamily } from '../software-family';

const FAMILY_KEYS: Record<SoftwareFamily, string> = {
  Java: 'java',
  'Web server': 'webServer',
  Database: 'database',
  'Application server': 'applicationServer',
};

/** A family's name in the operator's language. */
export function useFamilyName(): (family: SoftwareFamily) => string {
  const { t } = useTranslation();
  return (family) => t(`inventory.charts.families.${FAMILY_KEYS[family]}`);
}

/** Which family the version chart shows: one pressed button of four (one click, no menu). */
export function FamilyPicker({ family, onChange }: { family: SoftwareFamily; onChange: (family: SoftwareFamily) => void }) {
  const { t } = useTranslation();
  const familyName = useFamilyName();
  return (
    <div className="segmented chart-family" role="group" aria-label={t('inventory.charts.familyPicker')}>
      {SOFTWARE_FAMILIES.map((option) => (
        <button
          key={option}
          type="button"
          className={`segmented__item${option === family ? ' is-on' : ''}`}
          aria-pressed={option === family}
          onClick={() => onChange(option)}
        >
          {familyName(option)}
        </button>
      ))}
    </div>
  );
}
