import type { ErrorText } from '../../preload/contract/define';
import { errorTexts } from '../../preload/contract/error-texts';
import type { ErrorTextKey, ErrorTextParams } from '../../preload/contract/error-texts';

/** A sentence main wrote: its key and parameters for the renderer, and its English for logs and fallback. */
export interface LocalisedText extends ErrorText {
  readonly english: string;
}

/** A message or hint as an AppError takes it: plain English (AWS's own words, old code) or keyed. */
export type TextOrKey = string | LocalisedText;

type ParamsArg<K extends ErrorTextKey> = [keyof ErrorTextParams<K>] extends [never] ? [] : [params: ErrorTextParams<K>];

/** A keyed message or hint; the parameters its English text names are required, by type. */
export function errorText<K extends ErrorTextKey>(key: K, ...[params]: ParamsArg<K>): LocalisedText {
  const values = (params ?? {}) as Record<string, string | number>;
  const english = errorTexts[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
  return Object.keys(values).length > 0 ? { key, params: values, english } : { key, english };
}

/** The English of a message or hint. */
export function englishOf(text: TextOrKey): string {
  return typeof text === 'string' ? text : text.english;
}

/** The key and parameters of a message or hint, when it has them. */
export function keyOf(text: TextOrKey | undefined): ErrorText | undefined {
  if (text === undefined || typeof text === 'string') return undefined;
  return text.params ? { key: text.key, params: text.params } : { key: text.key };
}

/** Rebuilds a message or hint that crossed a thread boundary as English plus (maybe) its key. */
export function textFrom(english: string, keyed: ErrorText | undefined): TextOrKey {
  return keyed ? { ...keyed, english } : english;
}

/** Applies `clean` to the English and to every text parameter (secrets must leave neither). */
export function mapText(text: LocalisedText, clean: (value: string) => string): LocalisedText {
  const params = text.params ? Object.fromEntries(Object.entries(text.params).map(([k, v]) => [k, typeof v === 'string' ? clean(v) : v])) : undefined;
  return { key: text.key, ...(params ? { params } : {}), english: clean(text.english) };
}
