/**
 * Which rows hold each character, and each pair of adjacent characters, of their search text: one
 * bitset per character or pair. A needle's rows are then found without reading any text: one
 * character or two are answered by one bitset exactly, and a longer needle by the AND of its pairs'
 * bitsets, leaving only rows that hold every pair to be confirmed with `includes`.
 *
 * The quick filter's first keystrokes ("w", "we") match most of a fleet, so reading every row's text
 * for them cost 50-65 ms per keystroke at 100,000 rows on a loaded machine (measured in the grid
 * bench); a bitset answers in well under a millisecond. Writes keep it exact, row by row.
 */
export class GramIndex {
  // Printable ASCII (what nearly all search text is) in dense arrays; anything else in a map.
  private readonly singles: Array<Uint32Array | undefined> = new Array<Uint32Array | undefined>(ASCII);
  private readonly pairs: Array<Uint32Array | undefined> = new Array<Uint32Array | undefined>(ASCII * ASCII);
  private readonly others = new Map<number, Uint32Array>();
  private words = 0;

  /** Marks `row` as holding every character and pair of `text`. */
  add(row: number, text: string): void {
    if (row >= this.words * 32) this.grow(row);
    const word = row >>> 5;
    const bit = 1 << (row & 31);
    const { singles, pairs, words } = this;
    let previous = -1;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      // The ASCII path inline: this runs for every character of every row a write touches.
      if (c < ASCII && previous < ASCII) {
        (singles[c] ??= new Uint32Array(words))[word]! |= bit;
        if (previous >= 0) (pairs[previous * ASCII + c] ??= new Uint32Array(words))[word]! |= bit;
      } else {
        this.bitset(single(c), true)![word]! |= bit;
        if (previous >= 0) this.bitset(pair(previous, c), true)![word]! |= bit;
      }
      previous = c;
    }
  }

  /** Clears `row` from every character and pair of `text` (the row's text before a change). */
  remove(row: number, text: string): void {
    if (row >= this.words * 32) return;
    const word = row >>> 5;
    const mask = ~(1 << (row & 31));
    let previous = -1;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      const one = this.bitset(single(c), false);
      if (one) one[word]! &= mask;
      if (previous >= 0) {
        const two = this.bitset(pair(previous, c), false);
        if (two) two[word]! &= mask;
      }
      previous = c;
    }
  }

  /**
   * Rows that may hold `needle` as a bitset (bit r of word r >>> 5), and whether they surely do
   * (`exact`, for needles of one or two characters). Empty needles are the caller's business.
   */
  candidates(needle: string): { bits: Uint32Array; exact: boolean } {
    const out = new Uint32Array(this.words);
    if (needle.length === 1) {
      const one = this.bitset(single(needle.charCodeAt(0)), false);
      if (one) out.set(one);
      return { bits: out, exact: true };
    }
    let first = true;
    for (let i = 1; i < needle.length; i += 1) {
      const two = this.bitset(pair(needle.charCodeAt(i - 1), needle.charCodeAt(i)), false);
      if (!two) return { bits: out.fill(0), exact: true };
      if (first) out.set(two);
      else for (let w = 0; w < out.length; w += 1) out[w]! &= two[w]!;
      first = false;
    }
    return { bits: out, exact: needle.length === 2 };
  }

  private bitset(key: number, create: boolean): Uint32Array | undefined {
    if (key < ASCII) return this.singles[key] ?? (create ? (this.singles[key] = new Uint32Array(this.words)) : undefined);
    if (key < ASCII + ASCII * ASCII) {
      const at = key - ASCII;
      return this.pairs[at] ?? (create ? (this.pairs[at] = new Uint32Array(this.words)) : undefined);
    }
    let found = this.others.get(key);
    if (!found && create) {
      found = new Uint32Array(this.words);
      this.others.set(key, found);
    }
    return found;
  }

  private grow(row: number): void {
    let words = Math.max(this.words * 2, 64);
    while (row >= words * 32) words *= 2;
    const widen = (old: Uint32Array): Uint32Array => {
      const wider = new Uint32Array(words);
      wider.set(old);
      return wider;
    };
    this.singles.forEach((set, i) => {
      if (set) this.singles[i] = widen(set);
    });
    this.pairs.forEach((set, i) => {
      if (set) this.pairs[i] = widen(set);
    });
    for (const [key, set] of this.others) this.others.set(key, widen(set));
    this.words = words;
  }
}

const ASCII = 128;

// Keys: 0-127 single ASCII characters, then 128 + a*128 + b for ASCII pairs, then larger numbers
// (still exact doubles) for anything holding a character beyond ASCII.
function single(c: number): number {
  return c < ASCII ? c : ASCII + ASCII * ASCII + c;
}

function pair(a: number, b: number): number {
  if (a < ASCII && b < ASCII) return ASCII + a * ASCII + b;
  return ASCII + ASCII * ASCII + 0x10000 + a * 0x10000 + b;
}

