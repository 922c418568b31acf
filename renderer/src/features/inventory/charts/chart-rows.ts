// What every chart and its legend show, one row per slice. Pure: no DOM, no echarts.

/** One slice as the chart draws it and the legend lists it. */
export interface ChartRow {
  /** Stable identity across refetches (React key). */
  key: string;
  /** Text shown for the slice (already translated where the server's label is a keyword). */
  label: string;
  count: number;
  /** count ÷ the chart's total (distinct nodes), 0 when the total is 0. */
  share: number;
  colour: string;
  /** False for a slice no single filter can list (the "other" bucket, unknown values). */
  clickable: boolean;
  /** Newest agent version in the data. */
  latest?: boolean;
  /** What an "other" bucket holds, for its tooltip. */
  members?: readonly string[];
}

const percentCache = new Map<string, Intl.NumberFormat>();

/** "34%"; a share that rounds to 0 but is not 0 reads "<1%" so a real slice never reads as none. */
export function formatShare(share: number, locale: string): string {
  let f = percentCache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentCache.set(locale, f);
  }
  if (share > 0 && share < 0.005) return `<${f.format(0.01)}`;
  return f.format(share);
}

/** count ÷ total, 0 for an empty total (never NaN on screen). */
export function shareOf(count: number, total: number): number {
  return total > 0 ? count / total : 0;
}

function versionParts(version: string): number[] | null {
  if (!/^\d+(?:\.\d+)*$/.test(version)) return null;
  return version.split('.').map(Number);
}

/**
 * Orders version strings as versions, not text: 8 < 11 < 17, 1.3 < 1.24, 3.2.582.0 < 3.3.40.0.
 * Strings that are not dotted numbers sort after every version, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  if (!pa || !pb) {
    if (pa) return -1;
    if (pb) return 1;
    return a.localeCompare(b);
  }
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
