import { normaliseSoftware } from './software-normaliser';

/**
 * Turns inventory entries as GetInventory reports them into what the cache stores: the searchable
 * fields of each row (its term) and the row's attributes, made safe. Runs in the store worker.
 * Entries are untrusted: a non-object, an entry without its identifying attribute, or one with no
 * usable text is skipped and counted; odd encodings are repaired and absurd lengths cut, never
 * thrown on.
 */

/** The searchable fields of one row; rows of a fleet share a few thousand of these. */
export interface InventoryTerm {
  typeName: string;
  platformType: string;
  name: string;
  version: string;
  publisher: string;
  detail: string;
}

/** A term with the normaliser's verdict (AWS:Application only). */
export interface NormalisedTerm extends InventoryTerm {
  family: string | null;
  product: string | null;
  major: string | null;
}

/** One entry ready to store, or null when it was skipped. */
export interface MappedEntry {
  term: InventoryTerm;
  attributesJson: string;
}

/** The inventory types a sync stores, in the order it fetches them. */
export const syncedTypeNames = [
  'AWS:InstanceInformation',
  'AWS:Application',
  'AWS:AWSComponent',
  'AWS:File',
  'AWS:Network',
  'AWS:Service',
  'AWS:Tag',
  'AWS:WindowsUpdate',
] as const;

/** Longest stored term field; longer names are cut (with an ellipsis) so one row cannot bloat the index. */
export const maxTermLength = 512;
/** Longest stored attribute value: the API's own limit (ssm-api.md §4.2, value ≤ 4096). */
export const maxValueLength = 4096;
/** At most this many attributes per entry (the API allows 50). */
const maxAttributes = 50;

type Fields = (row: Record<string, string>) => Omit<InventoryTerm, 'typeName' | 'platformType'>;

// Which attributes an operator searches for, per type (ssm-api.md §6): the name, its version and
// who published it, and one line of detail (a service's display name, a file's product, an update's description).
const fieldsByType: Record<string, Fields> = {
  'AWS:Application': (r) => ({ name: r.Name ?? '', version: r.Version ?? '', publisher: r.Publisher ?? '', detail: '' }),
  'AWS:AWSComponent': (r) => ({ name: r.Name ?? '', version: r.Version ?? '', publisher: r.Publisher ?? '', detail: '' }),
  'AWS:File': (r) => ({
    name: r.Name ?? '',
    version: r.FileVersion || r.ProductVersion || '',
    publisher: r.CompanyName ?? '',
    detail: r.ProductName ?? '',
  }),
  'AWS:Service': (r) => ({ name: r.Name ?? '', version: '', publisher: '', detail: r.DisplayName ?? '' }),
  'AWS:WindowsUpdate': (r) => ({ name: r.HotFixId ?? '', version: '', publisher: '', detail: r.Description ?? '' }),
  'AWS:Network': (r) => ({ name: r.Name ?? '', version: '', publisher: '', detail: '' }),
  'AWS:Tag': (r) => ({ name: r.Key ?? '', version: r.Value ?? '', publisher: '', detail: '' }),
  'AWS:InstanceInformation': (r) => ({ name: r.PlatformName ?? '', version: r.PlatformVersion ?? '', publisher: '', detail: '' }),
};

const genericFields: Fields = (r) => ({ name: r.Name ?? '', version: r.Version ?? '', publisher: r.Publisher ?? '', detail: '' });

// eslint-disable-next-line no-control-regex -- finding control characters and surrogates is the point
const unsafeText = /[\u0000-\u001f\u007f\uD800-\uDFFF]/;

/** Makes any value a well-formed string without NULs or other C0 controls (tabs and newlines become spaces). */
export function cleanText(value: unknown, limit: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else return '';
  // Nearly every value is clean: test once, repair only the rare odd one.
  if (unsafeText.test(text)) {
    // Lone surrogates (a mis-decoded UTF-16 name) would make the JSON and the index disagree.
    text = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  }
  if (text.length > limit) text = `${text.slice(0, limit - 1)}…`;
  return text;
}

/** Maps one entry of `typeName` on a node of `platformType`; null when it has to be skipped. */
export function mapEntry(typeName: string, platformType: string, entry: unknown): MappedEntry | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const attributes: Record<string, string> = {};
  let count = 0;
  for (const rawKey in entry) {
    if (!Object.hasOwn(entry, rawKey)) continue;
    if (count >= maxAttributes) break;
    const key = rawKey.length <= 64 && !unsafeText.test(rawKey) ? rawKey.trim() : cleanText(rawKey, 64).trim();
    if (!key) continue;
    attributes[key] = cleanText((entry as Record<string, unknown>)[rawKey], maxValueLength);
    count += 1;
  }
  const raw = (fieldsByType[typeName] ?? genericFields)(attributes);
  const name = cleanText(raw.name, maxTermLength).trim();
  // A row without its identifying attribute cannot be searched, charted or counted: skip it.
  if (!name) return null;
  return {
    term: {
      typeName,
      platformType: typeName === 'AWS:Application' ? platformType : '',
      name,
      version: cleanText(raw.version, maxTermLength).trim(),
      publisher: cleanText(raw.publisher, maxTermLength).trim(),
      detail: cleanText(raw.detail, maxTermLength).trim(),
    },
    attributesJson: JSON.stringify(attributes),
  };
}

/** The normaliser's family/product/major for a term (AWS:Application only; null columns otherwise). */
export function normaliseTerm(term: InventoryTerm): NormalisedTerm {
  if (term.typeName !== 'AWS:Application') return { ...term, family: null, product: null, major: null };
  const software = normaliseSoftware({ Name: term.name, Publisher: term.publisher, Version: term.version }, term.platformType);
  return software
    ? { ...term, family: software.family, product: software.product, major: software.majorVersion }
    : { ...term, family: null, product: null, major: null };
}

/** Epoch ms of an inventory CaptureTime (`YYYY-MM-DDThh:mm:ssZ`), or null when absent or unreadable. */
export function captureTimeMs(captureTime: unknown): number | null {
  if (typeof captureTime !== 'string' || captureTime === '') return null;
  const ms = Date.parse(captureTime);
  return Number.isFinite(ms) ? ms : null;
}
