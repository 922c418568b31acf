import { describe, expect, it } from 'vitest';
import { GramIndex } from '../../../../main/fleet/fleet-gram-index';

/** Row numbers whose bit is set. */
function rowsOf(bits: Uint32Array): number[] {
  const rows: number[] = [];
  bits.forEach((word, w) => {
    for (let b = 0; b < 32; b += 1) if ((word >>> b) & 1) rows.push(w * 32 + b);
  });
  return rows;
}

// A seeded generator, so a failure replays the same texts.
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

describe('GramIndex', () => {
  it('answers one- and two-character needles exactly and longer ones with every row that holds them, through changes', () => {
    // Few letters (so pairs repeat across rows), separators, and characters beyond ASCII.
    const alphabet = ['a', 'b', 'c', 'w', 'e', '-', '\u001e', '\u001f', 'é', '東', '京'];
    const pick = random(7);
    const word = (): string => Array.from({ length: 1 + pick(12) }, () => alphabet[pick(alphabet.length)]).join('');
    const index = new GramIndex();
    const texts: string[] = [];
    // Enough rows to widen the bitsets several times.
    for (let row = 0; row < 5000; row += 1) {
      texts.push(word());
      index.add(row, texts[row]!);
    }
    for (let change = 0; change < 3000; change += 1) {
      const row = pick(texts.length);
      index.remove(row, texts[row]!);
      texts[row] = word();
      index.add(row, texts[row]!);
    }
    const needles = ['a', 'w', 'é', '東', 'we', 'b-', '東京', 'e\u001e', 'web', 'a-b', 'é東京', 'wewe', 'zz', 'z'];
    for (const needle of needles) {
      const holding = texts.flatMap((text, row) => (text.includes(needle) ? [row] : []));
      const { bits, exact } = index.candidates(needle);
      const candidates = rowsOf(bits);
      expect(exact, needle).toBe(needle.length <= 2);
      if (exact) expect(candidates, needle).toEqual(holding);
      else expect(candidates.filter((row) => texts[row]!.includes(needle)), needle).toEqual(holding);
    }
  });

  it('narrows a longer needle to rows holding every pair of it, not every row with its first pair', () => {
    const index = new GramIndex();
    ['web-prod', 'web-dev', 'db-prod', 'cache'].forEach((text, row) => index.add(row, text));
    expect(rowsOf(index.candidates('web-p').bits)).toEqual([0]);
    expect(rowsOf(index.candidates('prod').bits)).toEqual([0, 2]);
    expect(rowsOf(index.candidates('x').bits)).toEqual([]);
  });

  it('forgets what a row held once it is removed, keeping what other rows hold', () => {
    const index = new GramIndex();
    index.add(0, 'web');
    index.add(1, 'web');
    index.remove(0, 'web');
    expect(rowsOf(index.candidates('we').bits)).toEqual([1]);
    expect(rowsOf(index.candidates('w').bits)).toEqual([1]);
  });
});
