// Pure layout of the Tags cell: which chips fit in the column and how many go behind "+N".

/** A node tag as the contract carries it. */
export interface TagPair {
  key: string;
  value: string;
}

/** What the Tags cell paints: chip labels in order, and how many tags did not fit. */
export interface TagChipLayout {
  shown: string[];
  hidden: number;
}

// Tags operators filter and page on first; "Name" is already the Name column.
const PRIORITY = ['Environment', 'Role', 'Team', 'Application', 'Service', 'Owner', 'CostCenter'];

// The order localeCompare gives, without building a collator on every call: the grid orders the
// tags of every row it paints.
const collator = new Intl.Collator();

/** Tags in the order the cell shows them: well-known keys first, then alphabetical; `Name` left out. */
export function orderTags(tags: readonly TagPair[]): TagPair[] {
  const rank = (key: string): number => {
    const i = PRIORITY.indexOf(key);
    return i === -1 ? PRIORITY.length : i;
  };
  return tags
    .filter((t) => t.key !== 'Name')
    .slice()
    .sort((a, b) => rank(a.key) - rank(b.key) || collator.compare(a.key, b.key) || collator.compare(a.value, b.value));
}

/** The chip label: `Key=Value`, the same spelling the `tag:` filter takes. */
export function tagLabel(tag: TagPair): string {
  return `${tag.key}=${tag.value}`;
}

/** Chip font is 11px monospace (≈6.6 px a column); wide CJK characters take two columns. */
export const CHIP_CHAR_PX = 6.7;
/** Horizontal padding plus border of one chip. */
export const CHIP_CHROME_PX = 12;
/** Space between chips. */
export const CHIP_GAP_PX = 4;

/** Estimated painted width of a chip label, without measuring the DOM (the grid paints thousands). */
export function estimateChipWidth(label: string): number {
  let columns = 0;
  for (const ch of label) {
    const code = ch.codePointAt(0) ?? 0;
    columns += code >= 0x2e80 ? 2 : 1;
  }
  return columns * CHIP_CHAR_PX + CHIP_CHROME_PX;
}

/**
 * Fits chips into `availablePx`. The first chip is always shown (CSS truncates it if it is too
 * wide) so a narrow column still says something; the rest go behind "+N".
 */
export function layoutTagChips(
  tags: readonly TagPair[],
  availablePx: number,
  measure: (label: string) => number = estimateChipWidth,
): TagChipLayout {
  const labels = orderTags(tags).map(tagLabel);
  const widths = labels.map(measure);
  const total = widths.reduce((sum, w) => sum + w, 0) + CHIP_GAP_PX * Math.max(0, labels.length - 1);
  if (total <= availablePx) return { shown: labels, hidden: 0 };

  let used = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i += 1) {
    const next = used + (i > 0 ? CHIP_GAP_PX : 0) + (widths[i] ?? 0);
    const overflow = measure(`+${labels.length - (i + 1)}`) + CHIP_GAP_PX;
    if (next + overflow > availablePx) break;
    used = next;
    count = i + 1;
  }
  count = Math.max(count, Math.min(1, labels.length));
  return { shown: labels.slice(0, count), hidden: labels.length - count };
}
