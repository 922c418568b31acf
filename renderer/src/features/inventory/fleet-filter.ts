import type { InventoryNodeMatch, InventoryTypeName, VersionShare } from '../../../../preload/contract/inventory';

/** What a drill-down lists, with what the screen needs to title it and filter the grid to it. */
export type DrillSubject =
  | { kind: 'group'; typeName: InventoryTypeName; name: string; version: string; publisher: string; nodeCount: number }
  | { kind: 'slice'; family: string; major: string; product: string | null };

/** The list-nodes match behind a subject. */
export function matchOf(subject: DrillSubject): InventoryNodeMatch {
  return subject.kind === 'group'
    ? { kind: 'term', typeName: subject.typeName, name: subject.name, version: subject.version }
    : { kind: 'family', family: subject.family, major: subject.major, ...(subject.product ? { product: subject.product } : {}) };
}

/** The chart's product label for a family slice ("Java 8"), or null when two products share the major. */
export function productOfSlice(share: VersionShare | undefined, major: string): string | null {
  if (!share) return null;
  const products = new Set(share.slices.filter((s) => s.major === major).map((s) => s.product));
  return products.size === 1 ? [...products][0]! : null;
}

/**
 * The fleet grid's quick filter for the nodes of a subject: `app:"name@version"` for a search
 * group, `tag:"Key"="Value"` for a tag, `product:"Java 8"` for a chart slice. Null when the grid's
 * filter cannot say it: its quotes have no escape, so a name containing `"` cannot be quoted.
 */
export function fleetFilterFor(subject: DrillSubject): string | null {
  // A tag row is the node's own tag (name = key, version = value): the grid filters tags natively.
  if (subject.kind === 'group' && subject.typeName === 'AWS:Tag') {
    if (subject.name === '' || `${subject.name}${subject.version}`.includes('"')) return null;
    return `tag:"${subject.name}"="${subject.version}"`;
  }
  // name@version is exact; `name@` (no version) is exactly the entries that have none.
  if (subject.kind === 'slice') return subject.product === null ? null : quotedFilterTerm('product', subject.product);
  return subject.name === '' ? null : quotedFilterTerm('app', `${subject.name}@${subject.version}`);
}

/** `field:"value"` for the grid's quick filter, or null when it cannot be said: empty, or holding a `"` (no escape). */
export function quotedFilterTerm(field: 'app' | 'product', value: string): string | null {
  return value === '' || value.includes('"') ? null : `${field}:"${value}"`;
}
