import i18next, { type InitOptions } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import ja from '../locales/ja.json';
import auditEn from '../locales/features/audit.en.json';
import auditJa from '../locales/features/audit.ja.json';
import inventoryEn from '../locales/features/inventory.en.json';
import inventoryJa from '../locales/features/inventory.ja.json';
import licencesEn from '../locales/features/licences.en.json';
import licencesJa from '../locales/features/licences.ja.json';
import runbooksEn from '../locales/features/runbooks.en.json';
import runbooksJa from '../locales/features/runbooks.ja.json';
import commandsEn from '../locales/features/commands.en.json';
import commandsJa from '../locales/features/commands.ja.json';
import errorTextsJa from '../locales/features/error-texts.ja.json';
import { errorTexts } from '../../../preload/contract/error-texts';
import { readPreference, writePreference } from './storage';

/** Languages Capstan ships; English is the fallback for any missing key. */
export const languages = ['en', 'ja'] as const;
/** One of the shipped languages. */
export type Language = (typeof languages)[number];

const LANGUAGE_KEY = 'capstan.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The stored choice, else the system language when we ship it, else English. */
export function initialLanguage(): Language {
  const stored = readPreference(LANGUAGE_KEY);
  if (isLanguage(stored)) return stored;
  const system = (typeof navigator !== 'undefined' ? navigator.language : 'en').toLowerCase();
  return system.startsWith('ja') ? 'ja' : 'en';
}

/**
 * The namespace of the messages and hints main sends as keys (ErrorInfo.text / hintText). Its keys
 * are flat ('filter.unknownField'); its English is main's own table, so the two cannot drift.
 */
export const ERROR_TEXT_NS = 'errorTexts';

/** Every bundled catalogue, by language and namespace. */
export const i18nResources = {
  // Larger features keep their own catalogue under their own key (t('inventory.…')).
  en: {
    translation: { ...en, audit: auditEn, inventory: inventoryEn, licences: licencesEn, commands: commandsEn, runbooks: runbooksEn },
    [ERROR_TEXT_NS]: errorTexts,
  },
  ja: {
    translation: { ...ja, audit: auditJa, inventory: inventoryJa, licences: licencesJa, commands: commandsJa, runbooks: runbooksJa },
    [ERROR_TEXT_NS]: errorTextsJa,
  },
};

/** How i18next is set up for `lng` (tests build their instances from the same options). */
export function i18nOptions(lng: Language): InitOptions {
  return {
    resources: i18nResources,
    ns: ['translation', ERROR_TEXT_NS],
    defaultNS: 'translation',
    lng,
    fallbackLng: 'en',
    supportedLngs: [...languages],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  };
}

/** Initialises i18next synchronously (bundled catalogues), so the first paint is already translated. */
export function initI18n(): typeof i18next {
  const lng = initialLanguage();
  void i18next.use(initReactI18next).init(i18nOptions(lng));
  document.documentElement.lang = lng;
  return i18next;
}

/** Switches the UI language and remembers it. */
export function setLanguage(lng: Language): void {
  writePreference(LANGUAGE_KEY, lng);
  document.documentElement.lang = lng;
  void i18next.changeLanguage(lng);
}

/** The language in force, narrowed to the shipped ones. */
export function currentLanguage(): Language {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lng) ? lng : 'en';
}
