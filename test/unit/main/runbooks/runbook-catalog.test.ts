import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_FILE, loadCatalog } from '../../../../main/runbooks/runbook-catalog';
import { builtinRunbooksFolder } from '../../../../main/runbooks/runbook-folders';

const BUILTIN = resolve(import.meta.dirname, '../../../../resources/runbooks');
let dir: string;
let builtin: string;
let user: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-runbook-catalog-'));
  builtin = join(dir, 'builtin');
  user = join(dir, 'user-data', 'runbooks');
  mkdirSync(builtin);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const runbook = (name: string) => `name: ${name}\ndescription: d\ndocument: Capstan-CollectDiagnostics\nparameters:\n  lines: { allowedValues: [100] }\ntargets: { kind: chosen }\n`;

describe('the runbook catalogue', () => {
  it('loads every built-in runbook without a single problem', async () => {
    const catalog = await loadCatalog({ builtin: BUILTIN, user });
    expect(catalog.problems).toEqual([]);
    expect(catalog.entries.map((e) => e.id).sort()).toEqual([
      'builtin:cloudwatch-agent-config',
      'builtin:collect-diagnostics',
      'builtin:patch-install',
      'builtin:patch-scan',
      'builtin:restart-service',
      'builtin:rotate-logs',
    ]);
    const byDocument = new Map(catalog.entries.map((e) => [e.id, e.definition.documentName]));
    expect(byDocument.get('builtin:restart-service')).toBe('Capstan-RestartService');
    expect(byDocument.get('builtin:patch-install')).toBe('AWS-RunPatchBaseline');
    expect(byDocument.get('builtin:cloudwatch-agent-config')).toBe('AmazonCloudWatch-ManageAgent');
  });

  it('creates the user folder on first use, with the documented example under a name it does not load', async () => {
    await loadCatalog({ builtin: BUILTIN, user });
    const example = readFileSync(join(user, EXAMPLE_FILE), 'utf8');
    expect(example).toMatch(/^# An example to start from/);
    expect(example).toContain('name: My restart');
    expect(example).toContain('allowedPattern a regular expression the WHOLE value must match');
    // Renamed to .yaml as it says, it loads beside the built-in it was copied from.
    writeFileSync(join(user, 'mine.yaml'), example);
    const catalog = await loadCatalog({ builtin: BUILTIN, user });
    expect(catalog.problems).toEqual([]);
    expect(catalog.entries.filter((e) => e.source === 'user').map((e) => [e.id, e.definition.name])).toEqual([['user:mine', 'My restart']]);
  });

  it('leaves an existing user folder as it is', async () => {
    mkdirSync(user, { recursive: true });
    await loadCatalog({ builtin: BUILTIN, user });
    expect(() => readFileSync(join(user, EXAMPLE_FILE))).toThrow(/ENOENT/);
  });

  it('lists the good files when another file is broken, and names the broken one’s line', async () => {
    mkdirSync(user, { recursive: true });
    writeFileSync(join(user, 'a-good.yaml'), runbook('Good one'));
    writeFileSync(join(user, 'b-broken.yaml'), 'name: Broken\ndescription: [unclosed\n');
    writeFileSync(join(user, 'c-good.yml'), runbook('Good two'));
    writeFileSync(join(user, 'notes.txt'), 'not a runbook');
    const catalog = await loadCatalog({ builtin, user });
    expect(catalog.entries.map((e) => e.definition.name)).toEqual(['Good one', 'Good two']);
    expect(catalog.problems).toEqual([expect.objectContaining({ file: join(user, 'b-broken.yaml'), line: expect.any(Number), message: expect.stringMatching(/^YAML syntax/) })]);
  });

  it('keeps a built-in and a user file of the same file name apart, but refuses a second runbook of the same name', async () => {
    writeFileSync(join(builtin, 'restart.yaml'), runbook('Restart a service'));
    mkdirSync(user, { recursive: true });
    writeFileSync(join(user, 'restart.yaml'), runbook('My restart'));
    writeFileSync(join(user, 'zz-copy.yaml'), runbook('restart a SERVICE'));
    const catalog = await loadCatalog({ builtin, user });
    expect(catalog.entries.map((e) => e.id)).toEqual(['builtin:restart', 'user:restart']);
    expect(catalog.problems).toEqual([
      {
        file: join(user, 'zz-copy.yaml'),
        line: 1,
        column: 1,
        field: 'name',
        message: '"restart a SERVICE" is already the name of builtin:restart (restart.yaml); give this runbook another name.',
      },
    ]);
  });

  it('reports a file whose name cannot be an id, and one twice under .yaml and .yml', async () => {
    mkdirSync(user, { recursive: true });
    writeFileSync(join(user, 'my runbook.yaml'), runbook('Spaces'));
    writeFileSync(join(user, 'twin.yaml'), runbook('Twin'));
    writeFileSync(join(user, 'twin.yml'), runbook('Twin again'));
    const catalog = await loadCatalog({ builtin, user });
    expect(catalog.entries.map((e) => e.id)).toEqual(['user:twin']);
    expect(catalog.problems.map((p) => [p.file.slice(user.length + 1), p.message])).toEqual([
      ['my runbook.yaml', expect.stringMatching(/^Rename the file/)],
      ['twin.yml', 'has the same name as twin.yaml; keep one of them.'],
    ]);
  });

  it('says when the built-in folder is missing instead of listing nothing silently', async () => {
    const catalog = await loadCatalog({ builtin: join(dir, 'gone'), user });
    expect(catalog.problems).toEqual([expect.objectContaining({ file: join(dir, 'gone'), message: expect.stringMatching(/reinstall Capstan \(ENOENT\)/) })]);
  });
});

describe('the built-in folder', () => {
  it('is found from the source tree and from out/main (two levels below the repository)', () => {
    expect(builtinRunbooksFolder(resolve(BUILTIN, '../../main/runbooks'), undefined)).toBe(BUILTIN);
    expect(builtinRunbooksFolder(resolve(BUILTIN, '../../out/main'), undefined)).toBe(BUILTIN);
  });

  it('comes from Electron’s resources folder in a packaged app', () => {
    const resources = join(dir, 'Capstan', 'resources');
    mkdirSync(join(resources, 'runbooks'), { recursive: true });
    expect(builtinRunbooksFolder(join(resources, 'app.asar', 'out', 'main'), resources)).toBe(join(resources, 'runbooks'));
  });
});
