import { describe, expect, it } from 'vitest';
import { errorTexts } from '../../../../../../preload/contract/error-texts';
import ja from '../../../../../../renderer/src/locales/features/error-texts.ja.json';

// Every message and hint main can send with a key is a key of errorTexts: errorText() accepts no
// other (by type), and main's English — the renderer's English catalogue — is that table itself.
// So a key main can emit is translated into Japanese exactly when it is in this catalogue.

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]!).sort();
const japanese: Record<string, string> = ja;

// i18next reads these from the options object t() gets, so a parameter by that name would not be text.
const reserved = ['count', 'context', 'ordinal', 'lng', 'lngs', 'ns', 'defaultValue', 'replace', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'keySeparator', 'nsSeparator', 'fallbackLng'];

describe('Japanese catalogue of the messages and hints main sends as keys', () => {
  it('translates every key main can emit, and nothing else', () => {
    const keys = Object.keys(errorTexts).sort();
    expect(keys.filter((key) => !(key in japanese)), 'keys without a Japanese text').toEqual([]);
    expect(Object.keys(japanese).filter((key) => !(key in errorTexts)), 'Japanese texts for keys main no longer sends').toEqual([]);
  });

  it.each(Object.entries(errorTexts))('%s: names the same parameters in English and Japanese', (key, english) => {
    expect(placeholders(japanese[key] ?? '')).toEqual(placeholders(english));
  });

  it('is written in Japanese, not copied from the English', () => {
    const untranslated = Object.entries(japanese).filter(([, text]) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(text));
    expect(untranslated).toEqual([]);
  });

  it('uses no parameter name i18next would read as an option', () => {
    const clashes = Object.entries(errorTexts).filter(([, text]) => placeholders(text).some((p) => reserved.includes(p)));
    expect(clashes).toEqual([]);
  });
});
