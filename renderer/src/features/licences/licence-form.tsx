import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Licence, LicenceInput, LicenceProduct } from '../../../../preload/contract/licences';
import { errorInfoOf } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { checkDraft, draftChanged, draftOf, type DraftErrors, type DraftField, type LicenceDraft } from './licence-draft';

interface LicenceFormProps {
  /** The licence being edited; absent when adding one. */
  licence?: Licence;
  others: readonly Licence[];
  products: readonly LicenceProduct[] | undefined;
  productsLoading: boolean;
  saving: boolean;
  onSave: (input: LicenceInput) => Promise<unknown>;
  onCancel: () => void;
}

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  size?: 'narrow' | 'wide';
  children: ReactNode;
}

function Field({ id, label, error, size, children }: FieldProps) {
  return (
    <div className={`licence-form__field${size ? ` licence-form__field--${size}` : ''}${error ? ' has-error' : ''}`}>
      <label className="licence-form__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <span className="licence-form__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Add or edit one licence in place: errors next to their field, nothing typed is lost on an error. */
export function LicenceForm({ licence, others, products, productsLoading, saving, onSave, onCancel }: LicenceFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<LicenceDraft>(() => draftOf(licence));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  // Escape with unsaved changes asks first; only Cancel (or "Discard" here) throws a draft away.
  const [askDiscard, setAskDiscard] = useState(false);
  /** One id scheme for every field: the input is `${ids}-${field}`, its message `${ids}-${field}-error`. */
  const fieldId = (field: DraftField | 'kind'): string => `${ids}-${field}`;
  const set = (patch: Partial<LicenceDraft>, cleared: DraftField[]): void => {
    setDraft((old) => ({ ...old, ...patch }));
    setErrors((old) => {
      const next = { ...old };
      for (const field of cleared) delete next[field];
      return next;
    });
  };
  const message = (field: DraftField): string | undefined => (errors[field] ? t(`licences.form.errors.${errors[field]}`) : undefined);
  const describedBy = (field: DraftField): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(field)}-error` } : {};

  const submit = async (): Promise<void> => {
    const checked = checkDraft(draft, others, licence?.id ?? null);
    setErrors(checked.errors);
    setFailure(null);
    if (!checked.input) return;
    try {
      await onSave(checked.input);
    } catch (error) {
      // Main has the last word (another window may have saved the same product meanwhile).
      if (errorInfoOf(error).code === 'LicenceProductTaken') setErrors({ product: 'productTaken' });
      else setFailure(error);
    }
  };

  const known = products ?? [];
  const pickedMissing = draft.matchProduct && !known.some((p) => p.product === draft.matchProduct);
  return (
    <form
      className="licence-form"
      data-testid="licence-form"
      aria-label={licence ? t('licences.form.editTitle', { product: licence.product }) : t('licences.form.addTitle')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        if (askDiscard) setAskDiscard(false);
        else if (draftChanged(draft, licence)) setAskDiscard(true);
        else onCancel();
      }}
    >
      <Field id={fieldId('product')} label={t('licences.form.product')} error={message('product')}>
        <input
          id={fieldId('product')}
          className="licence-form__input"
          value={draft.product}
          maxLength={400}
          autoFocus
          placeholder={t('licences.form.productPlaceholder')}
          onChange={(e) => set({ product: e.target.value }, ['product'])}
          {...describedBy('product')}
        />
      </Field>
      <Field id={fieldId('owned')} label={t('licences.form.owned')} error={message('owned')} size="narrow">
        <input
          id={fieldId('owned')}
          className="licence-form__input licence-form__input--num num"
          value={draft.owned}
          inputMode="numeric"
          maxLength={20}
          placeholder="0"
          onChange={(e) => set({ owned: e.target.value }, ['owned'])}
          {...describedBy('owned')}
        />
      </Field>
      <Field id={fieldId('kind')} label={t('licences.form.countBy')} error={undefined}>
        <select
          id={fieldId('kind')}
          className="licence-form__input"
          value={draft.kind}
          onChange={(e) => set({ kind: e.target.value === 'name' ? 'name' : 'product' }, ['matchProduct', 'name', 'publisher'])}
        >
          <option value="product">{t('licences.form.kindProduct')}</option>
          <option value="name">{t('licences.form.kindName')}</option>
        </select>
      </Field>
      {draft.kind === 'product' ? (
        <Field id={fieldId('matchProduct')} label={t('licences.form.matchProduct')} error={message('matchProduct')} size="wide">
          <select
            id={fieldId('matchProduct')}
            className="licence-form__input"
            value={draft.matchProduct}
            data-testid="licence-form-product-picker"
            onChange={(e) => {
              const picked = e.target.value;
              // Picking a product names the licence after it unless the operator already named it.
              set({ matchProduct: picked, ...(draft.product.trim() ? {} : { product: picked }) }, ['matchProduct', ...(draft.product.trim() ? [] : (['product'] as const))]);
            }}
            {...describedBy('matchProduct')}
          >
            <option value="">{productsLoading ? t('licences.form.productsLoading') : t('licences.form.pickProduct')}</option>
            {pickedMissing ? <option value={draft.matchProduct}>{t('licences.form.notInCache', { product: draft.matchProduct })}</option> : null}
            {known.map((p) => (
              <option key={p.product} value={p.product}>
                {t('licences.form.productOption', { product: p.product, count: p.nodeCount })}
              </option>
            ))}
          </select>
          {!productsLoading && known.length === 0 ? <span className="licence-form__hint">{t('licences.form.noProducts')}</span> : null}
        </Field>
      ) : (
        <>
          <Field id={fieldId('name')} label={t('licences.form.nameContains')} error={message('name')}>
            <input
              id={fieldId('name')}
              className="licence-form__input"
              value={draft.name}
              maxLength={400}
              placeholder={t('licences.form.namePlaceholder')}
              onChange={(e) => set({ name: e.target.value }, ['name'])}
              {...describedBy('name')}
            />
          </Field>
          <Field id={fieldId('publisher')} label={t('licences.form.publisherContains')} error={message('publisher')}>
            <input
              id={fieldId('publisher')}
              className="licence-form__input"
              value={draft.publisher}
              maxLength={400}
              placeholder={t('licences.form.publisherPlaceholder')}
              onChange={(e) => set({ publisher: e.target.value }, ['publisher'])}
              {...describedBy('publisher')}
            />
          </Field>
        </>
      )}
      <Field id={fieldId('note')} label={t('licences.form.note')} error={message('note')} size="wide">
        <input
          id={fieldId('note')}
          className="licence-form__input"
          value={draft.note}
          maxLength={2000}
          placeholder={t('licences.form.notePlaceholder')}
          onChange={(e) => set({ note: e.target.value }, ['note'])}
          {...describedBy('note')}
        />
      </Field>
      <div className="licence-form__actions">
        <button type="submit" className="button button--primary button--small" disabled={saving} data-testid="licence-save">
          {saving ? t('licences.form.saving') : t('licences.form.save')}
        </button>
        <button type="button" className="button button--small" onClick={onCancel} data-testid="licence-cancel">
          {t('common.cancel')}
        </button>
        {askDiscard ? (
          <span className="licence-confirm" role="alertdialog" aria-label={t('licences.form.discardQuestion')} data-testid="licence-discard-ask">
            <span className="licence-confirm__text">{t('licences.form.discardQuestion')}</span>
            <button type="button" className="button button--small button--danger" onClick={onCancel} data-testid="licence-discard">
              {t('licences.form.discard')}
            </button>
            <button type="button" className="button button--small" autoFocus onClick={() => setAskDiscard(false)} data-testid="licence-keep-editing">
              {t('licences.form.keepEditing')}
            </button>
          </span>
        ) : null}
      </div>
      {failure ? (
        <div className="banner banner--error licence-form__failure" role="alert">
          <span className="banner__title">{t('licences.form.saveFailed')}</span>
          <ErrorDetail error={errorInfoOf(failure)} />
        </div>
      ) : null}
    </form>
  );
}
