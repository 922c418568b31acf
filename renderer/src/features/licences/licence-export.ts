import type { LicenceUsage } from '../../../../preload/contract/licences';
import { buildCsv, csvFileName, downloadCsv } from '../../lib/csv';

/** Same columns as the import reads (plus used and difference, which it skips), so an export imports again. */
const header = ['product', 'owned', 'used', 'difference', 'match_kind', 'match', 'publisher', 'note'] as const;

/** The licence table as CSV text; operator text is made formula-safe by buildCsv, counts stay numbers. */
export function licencesCsv(licences: readonly LicenceUsage[]): string {
  return buildCsv(
    header,
    licences.map((l) => [
      l.product,
      l.owned,
      l.used,
      l.difference,
      l.match.kind,
      l.match.kind === 'product' ? l.match.product : l.match.name,
      l.match.kind === 'name' ? l.match.publisher : '',
      l.note,
    ]),
  );
}

/** Downloads the licence table as a CSV file. */
export function exportLicences(licences: readonly LicenceUsage[], workspaceLabel: string): void {
  // `capstan-licences-training-fleet-2026-11-27.csv`, in local time.
  downloadCsv(csvFileName(workspaceLabel, new Date(), 'licences'), licencesCsv(licences));
}
