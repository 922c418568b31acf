import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LicenceInput, LicenceProduct, LicenceUsage } from '../../../../preload/contract/licences';
import { errorInfoOf } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { LicenceForm } from './licence-form';

interface LicenceTableProps {
  licences: readonly LicenceUsage[];
  /** 'new' while adding, a licence id while editing that one, null otherwise. */
  editing: string | null;
  selectedId: string | null;
  products: readonly LicenceProduct[] | undefined;
  productsLoading: boolean;
  saving: boolean;
  deleting: boolean;
  onEdit: (id: string | null) => void;
  onSave: (id: string | undefined, input: LicenceInput) => Promise<unknown>;
  onDelete: (id: string) => Promise<unknown>;
  onShowNodes: (id: string) => void;
}

function Difference({ licence, format }: { licence: LicenceUsage; format: (n: number) => string }) {
  const { t } = useTranslation();
  const { difference } = licence;
  if (difference < 0) {
    return (
      <span className="licence-diff licence-diff--over" data-testid="licence-difference" data-state="over">
        <svg className="licence-diff__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 1.5 15 14H1zm-.8 4.3v4.1h1.6V5.8zm0 5.3v1.6h1.6v-1.6z" />
        </svg>
        {t('licences.table.over', { count: -difference, value: format(-difference) })}
      </span>
    );
  }
  if (difference > 0) {
    return (
      <span className="licence-diff licence-diff--under" data-testid="licence-difference" data-state="under">
        {t('licences.table.spare', { count: difference, value: format(difference) })}
      </span>
    );
  }
  return (
    <span className="licence-diff licence-diff--exact" data-testid="licence-difference" data-state="exact">
      {t('licences.table.exact')}
    </span>
  );
}

function CountedBy({ licence }: { licence: LicenceUsage }) {
  const { t } = useTranslation();
  const { match } = licence;
  if (match.kind === 'product') return <span>{t('licences.table.byProduct', { product: match.product })}</span>;
  return (
    <span>
      {match.publisher ? t('licences.table.byNameAndPublisher', { name: match.name, publisher: match.publisher }) : t('licences.table.byName', { name: match.name })}
    </span>
  );
}

/** The licence table: owned, used (click for the nodes), the difference, how it is counted, and actions. */
export function LicenceTable(props: LicenceTableProps) {
  const { t, i18n } = useTranslation();
  const { licences, editing, selectedId, onEdit, onSave, onDelete, onShowNodes } = props;
  const [confirming, setConfirming] = useState<string | null>(null);
  // The licence whose delete failed, and why: shown under its row until another delete or a dismiss.
  const [deleteFailure, setDeleteFailure] = useState<{ id: string; error: unknown } | null>(null);
  const remove = (id: string): void => {
    setDeleteFailure(null);
    onDelete(id).then(
      () => setConfirming(null),
      (error: unknown) => {
        setConfirming(null);
        setDeleteFailure({ id, error });
      },
    );
  };
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const form = (id: string | undefined) => (
    <tr key={id ?? 'new'} className="licence-table__form-row">
      <td colSpan={6}>
        <LicenceForm
          {...(id ? { licence: licences.find((l) => l.id === id) } : {})}
          others={licences}
          products={props.products}
          productsLoading={props.productsLoading}
          saving={props.saving}
          onSave={(input) => onSave(id, input)}
          onCancel={() => onEdit(null)}
        />
      </td>
    </tr>
  );

  return (
    <table className="data-table licence-table" data-testid="licence-table">
      <thead>
        <tr>
          <th scope="col">{t('licences.table.product')}</th>
          <th scope="col" className="num">{t('licences.table.owned')}</th>
          <th scope="col" className="num">{t('licences.table.used')}</th>
          <th scope="col">{t('licences.table.difference')}</th>
          <th scope="col">{t('licences.table.countedBy')}</th>
          <th scope="col" className="licence-table__actions-head">
            <span className="licence-sr-only">{t('licences.table.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {editing === 'new' ? form(undefined) : null}
        {licences.map((licence) =>
          editing === licence.id ? (
            form(licence.id)
          ) : (
            <Fragment key={licence.id}>
              <tr
                data-testid="licence-row"
                data-product={licence.product}
                className={`${licence.difference < 0 ? 'is-over' : ''}${selectedId === licence.id ? ' is-selected' : ''}`}
              >
                <td>
                  <div className="licence-table__strong">{licence.product}</div>
                  {licence.note ? <div className="licence-table__note muted" title={licence.note}>{licence.note}</div> : null}
                </td>
                <td className="num">{number.format(licence.owned)}</td>
                <td className="num">
                  <button
                    type="button"
                    className="licence-used"
                    data-testid="licence-used"
                    aria-pressed={selectedId === licence.id}
                    title={t('licences.table.usedHint', { product: licence.product })}
                    onClick={() => onShowNodes(licence.id)}
                  >
                    {number.format(licence.used)}
                  </button>
                </td>
                <td>
                  <Difference licence={licence} format={number.format} />
                </td>
                <td className="licence-table__counted">
                  <CountedBy licence={licence} />
                </td>
                <td className="licence-table__actions">
                  {confirming === licence.id ? (
                    <span
                      className="licence-confirm"
                      role="group"
                      aria-label={t('licences.table.confirmDelete', { product: licence.product })}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') setConfirming(null);
                      }}
                    >
                      <span className="licence-confirm__text">{t('licences.table.confirmDelete', { product: licence.product })}</span>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        disabled={props.deleting}
                        data-testid="licence-delete-confirm"
                        autoFocus
                        onClick={() => remove(licence.id)}
                      >
                        {t('licences.table.delete')}
                      </button>
                      <button type="button" className="button button--small" onClick={() => setConfirming(null)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <>
                      <button type="button" className="button button--small" disabled={editing !== null} onClick={() => onEdit(licence.id)} data-testid="licence-edit">
                        {t('licences.table.edit')}
                      </button>
                      <button type="button" className="button button--small" onClick={() => setConfirming(licence.id)} data-testid="licence-delete">
                        {t('licences.table.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
              {deleteFailure?.id === licence.id ? (
                <tr className="licence-table__failure-row">
                  <td colSpan={6}>
                    <div className="banner banner--error" role="alert" data-testid="licence-delete-failed">
                      <span className="banner__title">{t('licences.table.deleteFailed', { product: licence.product })}</span>
                      <ErrorDetail error={errorInfoOf(deleteFailure.error)} />
                      <button type="button" className="button button--small banner__dismiss" onClick={() => setDeleteFailure(null)}>
                        {t('common.dismiss')}
                      </button>
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ),
        )}
      </tbody>
    </table>
  );
}
