import type { Licence, LicenceInput } from '../../../../preload/contract/licences';
import { quotedFilterTerm } from '../inventory/fleet-filter';

// Limits mirror licenceLimits in the contract (which the renderer may import as a type only); main
// checks again, so a drift here shows up as a server message, never as a bad record.
const PRODUCT_MAX = 200;
const MATCH_MAX = 200;
/** licenceLimits.nameMatchMin: a shorter name part would count nearly every application. */
const NAME_MIN = 3;
const PUBLISHER_MAX = 200;
const NOTE_MAX = 1000;
const OWNED_MAX = 10_000_000;

/** The form's fields exactly as typed: text, so a half-typed "12a" is kept to be fixed, not lost. */
export interface LicenceDraft {
  product: string;
  owned: string;
  kind: 'product' | 'name';
  matchProduct: string;
  name: string;
  publisher: string;
  note: string;
}

export type DraftField = 'product' | 'owned' | 'matchProduct' | 'name' | 'publisher' | 'note';

/** Per field, the i18n key (under licences.form.errors) of what to fix. */
export type DraftErrors = Partial<Record<DraftField, string>>;

/** True when the operator has changed something since the form opened (so closing it would lose work). */
export function draftChanged(draft: LicenceDraft, licence?: Licence): boolean {
  const start = draftOf(licence);
  return (Object.keys(start) as Array<keyof LicenceDraft>).some((key) => draft[key] !== start[key]);
}

/** An empty draft, or the licence's values to edit. */
export function draftOf(licence?: Licence): LicenceDraft {
  if (!licence) return { product: '', owned: '', kind: 'product', matchProduct: '', name: '', publisher: '', note: '' };
  const { match } = licence;
  return {
    product: licence.product,
    owned: String(licence.owned),
    kind: match.kind,
    matchProduct: match.kind === 'product' ? match.product : '',
    name: match.kind === 'name' ? match.name : '',
    publisher: match.kind === 'name' ? match.publisher : '',
    note: licence.note,
  };
}

function length(text: string): number {
  return [...text].length;
}

/** What to fix in the draft (empty when nothing), and the licence it makes when it is valid. */
export function checkDraft(draft: LicenceDraft, others: readonly Licence[], editingId: string | null): { errors: DraftErrors; input: LicenceInput | null } {
  const errors: DraftErrors = {};
  const product = draft.product.trim();
  if (!product) errors.product = 'productRequired';
  else if (length(product) > PRODUCT_MAX) errors.product = 'productTooLong';
  else if (others.some((l) => l.id !== editingId && l.product.trim().toLowerCase() === product.toLowerCase())) errors.product = 'productTaken';

  const ownedText = draft.owned.trim();
  let owned = 0;
  if (!ownedText) errors.owned = 'ownedRequired';
  else if (/^-\s*\d/.test(ownedText)) errors.owned = 'ownedNegative';
  else if (!/^\d+$/.test(ownedText)) errors.owned = 'ownedWhole';
  else if (Number(ownedText) > OWNED_MAX) errors.owned = 'ownedTooLarge';
  else owned = Number(ownedText);

  const matchProduct = draft.matchProduct.trim();
  const name = draft.name.trim();
  const publisher = draft.publisher.trim();
  if (draft.kind === 'product') {
    if (!matchProduct) errors.matchProduct = 'matchProductRequired';
    else if (length(matchProduct) > PRODUCT_MAX) errors.matchProduct = 'productTooLong';
  } else {
    if (!name) errors.name = 'nameRequired';
    else if (length(name) < NAME_MIN) errors.name = 'nameTooShort';
    else if (length(name) > MATCH_MAX) errors.name = 'nameTooLong';
    if (length(publisher) > PUBLISHER_MAX) errors.publisher = 'publisherTooLong';
  }
  if (length(draft.note) > NOTE_MAX) errors.note = 'noteTooLong';

  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      product,
      owned,
      match: draft.kind === 'product' ? { kind: 'product', product: matchProduct } : { kind: 'name', name, publisher },
      note: draft.note,
    },
  };
}

/**
 * The fleet grid's quick filter for a licence's nodes: `product:"Java 8"` or `app:"<name>"`. Null
 * when the grid cannot say it (its quotes have no escape, so a value with `"` cannot be quoted).
 */
export function fleetFilterOf(licence: Licence): string | null {
  return licence.match.kind === 'product' ? quotedFilterTerm('product', licence.match.product) : quotedFilterTerm('app', licence.match.name);
}
