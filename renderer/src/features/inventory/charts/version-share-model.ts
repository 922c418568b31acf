import type { VersionShare } from '../../../../../preload/contract/inventory';
import { seriesColour, type ChartPalette } from './chart-palette';
import { compareVersions, shareOf, type ChartRow } from './chart-rows';

/** A version-share slice: the chart row plus what a drill-down needs. */
export interface VersionRow extends ChartRow {
  product: string;
  major: string;
}

/** "Java 8" stays "Java 8"; "nginx" with major "1.24" reads "nginx 1.24". */
export function sliceLabel(product: string, major: string): string {
  if (major === '') return product;
  return product === major || product.endsWith(` ${major}`) ? product : `${product} ${major}`;
}

// The product's name without its major ("Java 8" → "Java"), so all Java majors sort as one product
// and by version, instead of "Java 11" < "Java 8" as text.
function productBase(product: string, major: string): string {
  return major !== '' && product.endsWith(` ${major}`) ? product.slice(0, -major.length - 1) : product;
}

/**
 * The slices of a version share in version order (Java 8, 11, 17, 21; per product for families
 * with several products), each with its share of the family's distinct nodes. A node with two
 * majors counts in both, so the shares may add up to more than 100%.
 */
export function versionShareRows(share: VersionShare, palette: ChartPalette): VersionRow[] {
  const sorted = [...share.slices].sort(
    (a, b) =>
      productBase(a.product, a.major).localeCompare(productBase(b.product, b.major)) ||
      compareVersions(a.major, b.major) ||
      a.product.localeCompare(b.product),
  );
  return sorted.map((slice, index) => ({
    key: `${slice.product}\u0000${slice.major}`,
    label: sliceLabel(slice.product, slice.major),
    product: slice.product,
    major: slice.major,
    count: slice.nodeCount,
    share: shareOf(slice.nodeCount, share.nodeCount),
    colour: seriesColour(palette, index),
    clickable: true,
  }));
}

