import type { TFunction } from 'i18next';
import type { ErrorInfo, ErrorText } from '../../../preload/contract/define';
import { ERROR_TEXT_NS } from './i18n';

/** What of an ErrorInfo the display needs: main's English and, when main wrote it, its keys. */
export type DisplayedError = Pick<ErrorInfo, 'message' | 'hint' | 'text' | 'hintText'>;

// Flat keys ('filter.unknownField') in their own namespace: no key or namespace separators.
const lookup = { ns: ERROR_TEXT_NS, keySeparator: false, nsSeparator: false } as const;
// What t() answers for a key no catalogue has (never a real text).
const MISSING = '\u0000missing';

function translated(t: TFunction, text: ErrorText | undefined, english: string): string {
  if (!text) return english;
  const shown = t(text.key, { ...text.params, ...lookup, defaultValue: MISSING });
  // A key this build does not know (a cache row written by another version): main's English.
  return shown === MISSING ? english : shown;
}

/** The error's sentence in the UI language; main's English when it sent no key (AWS's own words). */
export function errorMessage(error: DisplayedError, t: TFunction): string {
  return translated(t, error.text, error.message);
}

/** What to do about the error in the UI language, or undefined when main gave no hint. */
export function errorHint(error: DisplayedError, t: TFunction): string | undefined {
  return error.hint ? translated(t, error.hintText, error.hint) : undefined;
}
