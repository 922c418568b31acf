import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured figure and the budget it is held to. */
export interface Metric {
  metric: string;
  value: number;
  unit: string;
  /** Human-readable budget, e.g. "<= 200" or "< 1000". */
  budget: string;
  pass: boolean;
}

/** A bench: measures and returns its metrics. */
export type Bench = () => Promise<Metric[]>;

/** Builds a metric that must stay at or under `limit`. */
export function atMost(metric: string, value: number, unit: string, limit: number): Metric {
  return { metric, value: round(value), unit, budget: `<= ${limit}`, pass: value <= limit };
}

/** Builds a metric that must stay under `limit`. */
export function under(metric: string, value: number, unit: string, limit: number): Metric {
  return { metric, value: round(value), unit, budget: `< ${limit}`, pass: value < limit };
}

/** Builds a metric that must be exactly `expected` (a count that is wrong either way is a bug). */
export function exactly(metric: string, value: number, unit: string, expected: number): Metric {
  return { metric, value: round(value), unit, budget: `= ${expected}`, pass: value === expected };
}

/** Builds a metric that must reach at least `limit`. */
export function atLeast(metric: string, value: number, unit: string, limit: number): Metric {
  return { metric, value: round(value), unit, budget: `>= ${limit}`, pass: value >= limit };
}

/** A figure reported for context, with no budget. */
export function info(metric: string, value: number, unit: string): Metric {
  return { metric, value: round(value), unit, budget: '-', pass: true };
}

/** Percentile of a sample (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Prints the table and writes bench/results/<name>.json. */
export function report(name: string, metrics: Metric[], resultsDir: string): void {
  const rows = metrics.map((m) => [m.metric, `${m.value} ${m.unit}`, m.budget, m.pass ? 'pass' : 'FAIL']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['metric', 'value', 'budget', ''], ...rows].map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`\n${name}\n${line(['metric', 'value', 'budget', ''])}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(metrics, null, 2)}\n`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
