// `npm run bench -- [NAME ...]`: runs the named benches (all when none), prints each table and writes
// bench/results/NAME.json. Exits 1 when a figure misses its budget.
import { join } from 'node:path';
import { report, type Bench } from './harness';

const benches: Record<string, () => Promise<Bench>> = {
  commands: async () => (await import('./commands-bench')).commandsBench,
  fleet: async () => (await import('./fleet-bench')).fleetBench,
  grid: async () => (await import('./grid-bench')).gridBench,
  inventory: async () => (await import('./inventory-bench')).inventoryBench,
  sessions: async () => (await import('./sessions-bench')).sessionsBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !benches[name]);
if (unknown.length) {
  process.stderr.write(`Unknown bench: ${unknown.join(', ')}. Available: ${Object.keys(benches).join(', ')}.\n`);
  process.exit(2);
}

let failed = false;
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const bench = await (benches[name] as () => Promise<Bench>)();
  const metrics = await bench();
  report(name, metrics, join(import.meta.dirname, 'results'));
  failed ||= metrics.some((m) => !m.pass);
}
process.exit(failed ? 1 : 0);
