#!/usr/bin/env node
// `npm test`: every check the project has, in order, with one closing line "N passed, N failed, N skipped".
// Each stage runs even when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: child.status === 0, seconds };
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${label}: ${ok ? 'passed' : 'FAILED'} (${seconds}s)`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck (main, preload)', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json']);
check('typecheck (tests, benches)', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
check('lint', 'npx', ['eslint', '.']);

{
  const file = `${results}/vitest.json`;
  rmSync(file, { force: true });
  const { ok, seconds } = run('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson(file);
  if (report) {
    const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += skipped;
    // A suite that fails to load has no tests to count: count it as a failure so it cannot hide.
    const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
    totals.failed += brokenSuites;
    lines.push(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests + brokenSuites} failed, ${skipped} skipped (${seconds}s)`);
  } else {
    totals.failed += 1;
    lines.push(`vitest: FAILED before reporting (${seconds}s)`);
  }
  if (!ok && report && report.numFailedTests === 0 && totals.failed === 0) totals.failed += 1;
}

{
  const file = `${results}/playwright.json`;
  rmSync(file, { force: true });
  const { seconds } = run('end-to-end (playwright, Chromium)', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const report = existsSync(file) ? readJson(file) : null;
  if (report?.stats) {
    const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats;
    const setupFailed = (report.errors ?? []).length;
    totals.passed += expected + flaky;
    totals.failed += unexpected + setupFailed;
    totals.skipped += skipped;
    lines.push(`playwright: ${expected + flaky} passed, ${unexpected + setupFailed} failed, ${skipped} skipped (${seconds}s)`);
  } else {
    totals.failed += 1;
    lines.push(`playwright: FAILED before reporting (${seconds}s)`);
  }
}

process.stdout.write(`\n=== summary\n${lines.join('\n')}\n\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed === 0 ? 0 : 1);
