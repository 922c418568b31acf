/**
 * Small deterministic PRNG helpers for the training fleet. Every node draws from its own stream,
 * seeded from (fleet seed, node index), so node i never depends on nodes 0..i-1 and a fleet of
 * 100,000 is generated in one cheap pass.
 */

/** A stream of uniform floats in [0, 1). */
export type RandomSource = () => number;

/** Bijective 32-bit integer mix (Wellons' lowbias32): distinct inputs give distinct outputs. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** mulberry32: a fast 32-bit generator, good enough for plausible fake data. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random stream for one purpose (`salt`) of one node: depends only on (seed, salt, index). */
export function streamFor(seed: number, salt: number, index: number): RandomSource {
  return mulberry32(mix32(mix32(mix32(seed) ^ salt) ^ index));
}

/** Integer in [min, max] inclusive. */
export function intBetween(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(random: RandomSource, items: ReadonlyArray<T>): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

/** One element by weight; weights need not sum to 1. */
export function pickWeighted<T>(random: RandomSource, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new RangeError('pickWeighted() needs a non-empty list');
  return last[0];
}

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 8 random lower-case hex digits (one 32-bit draw, one string). */
export function hexWord(random: RandomSource): string {
  return hex8(Math.floor(random() * 4294967296));
}

/** `length` upper-case letters and digits (Windows default computer names). */
export function upperAlnum(random: RandomSource, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[Math.floor(random() * UPPER_ALNUM.length)];
  return out;
}

/** The 8 lower-hex digits of a 32-bit value, zero-padded. */
export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped UUID drawn from the stream (lower-case, 36 chars). */
export function uuidFrom(random: RandomSource): string {
  const h = (hexWord(random) + hexWord(random) + hexWord(random) + hexWord(random)).split('');
  h[12] = '4';
  h[16] = HEX[8 + Math.floor(random() * 4)] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
