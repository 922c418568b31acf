import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvFileProblem, CsvImportResult } from '../../../../preload/contract/licences';
import { errorInfoOf } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';

/** Mirrors licenceLimits.csvBytes: checked before reading, so a huge file is never read into memory. */
const CSV_MAX_BYTES = 512 * 1024;

type Outcome = { kind: 'result'; fileName: string; result: CsvImportResult } | { kind: 'failed'; fileName: string; error: unknown };

/** The documented CSV format, shown next to the import button and in the empty state. */
export function CsvFormatHelp() {
  const { t } = useTranslation();
  return (
    <details className="licence-csv-help" data-testid="licence-csv-help">
      <summary>{t('licences.import.formatTitle')}</summary>
      <p>{t('licences.import.formatIntro')}</p>
      <pre className="licence-csv-help__sample selectable">
        {'product,owned,match_kind,match,publisher,note\r\nJava 8,250,product,Java 8,,Oracle Java SE subscription\r\nSQL Server,40,name,SQL Server,Microsoft,"per core, renew in March"'}
      </pre>
      <ul className="licence-csv-help__list">
        <li>{t('licences.import.formatProduct')}</li>
        <li>{t('licences.import.formatOwned')}</li>
        <li>{t('licences.import.formatKind')}</li>
        <li>{t('licences.import.formatMatch')}</li>
        <li>{t('licences.import.formatRules')}</li>
      </ul>
    </details>
  );
}

function ProblemText({ problem }: { problem: CsvFileProblem }) {
  const { t } = useTranslation();
  return <span className="banner__message">{t(`licences.import.problem.${problem.code}`, { value: problem.value, limit: CSV_MAX_BYTES / 1024 })}</span>;
}

/** File picker → text → import; the outcome panel lists every rejected line with its number and reason. */
export function useLicenceImport(importCsv: (text: string) => Promise<CsvImportResult>): { choose: () => void; input: ReactNode; panel: ReactNode; busy: boolean } {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const read = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      if (file.size > CSV_MAX_BYTES) {
        const problem: CsvFileProblem = { code: 'too-large', value: String(file.size), message: '' };
        setOutcome({ kind: 'result', fileName: file.name, result: { status: 'refused', problem } });
        return;
      }
      const result = await importCsv(await file.text());
      setOutcome({ kind: 'result', fileName: file.name, result });
    } catch (error) {
      setOutcome({ kind: 'failed', fileName: file.name, error });
    } finally {
      setBusy(false);
    }
  };

  const input = (
    <input
      ref={inputRef}
      type="file"
      accept=".csv,text/csv,text/plain"
      hidden
      data-testid="licence-import-file"
      onChange={(e) => {
        const file = e.target.files?.[0];
        // Cleared so choosing the same (fixed) file again fires change again.
        e.target.value = '';
        if (file) void read(file);
      }}
    />
  );

  let panel: ReactNode = null;
  if (outcome) {
    const dismiss = (
      <button type="button" className="button button--small banner__dismiss" onClick={() => setOutcome(null)}>
        {t('common.dismiss')}
      </button>
    );
    if (outcome.kind === 'failed') {
      panel = (
        <div className="banner banner--error" role="alert" data-testid="licence-import-result">
          <span className="banner__title">{t('licences.import.failed', { file: outcome.fileName })}</span>
          <ErrorDetail error={errorInfoOf(outcome.error)} />
          {dismiss}
        </div>
      );
    } else if (outcome.result.status === 'refused') {
      panel = (
        <div className="banner banner--error" role="alert" data-testid="licence-import-result">
          <span className="banner__title">{t('licences.import.refused', { file: outcome.fileName })}</span>
          <ProblemText problem={outcome.result.problem} />
          {dismiss}
        </div>
      );
    } else {
      const { rows, created, updated, rejected } = outcome.result;
      panel = (
        <div className={`licence-import ${rejected.length ? 'licence-import--partial' : ''}`} role="status" data-testid="licence-import-result">
          <div className="licence-import__head">
            <span className="licence-import__title">{t('licences.import.done', { file: outcome.fileName })}</span>
            <span data-testid="licence-import-summary">
              {t('licences.import.summary', { count: rows, created, updated, rejected: rejected.length })}
            </span>
            {dismiss}
          </div>
          {rejected.length ? (
            <div className="licence-import__scroller">
              <table className="licence-import__table" data-testid="licence-import-rejected">
                <thead>
                  <tr>
                    <th scope="col" className="num">{t('licences.import.line')}</th>
                    <th scope="col">{t('licences.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rejected.map((problem) => (
                    <tr key={`${problem.line}-${problem.code}`} data-testid="licence-import-rejected-row" data-line={problem.line}>
                      <td className="num mono">{problem.line}</td>
                      <td>{t(`licences.import.reasons.${problem.code}`, { value: problem.value })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      );
    }
  }

  return { choose: () => inputRef.current?.click(), input, panel, busy };
}
