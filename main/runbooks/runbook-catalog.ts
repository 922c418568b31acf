import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { RunbookProblem } from '../../preload/contract/runbooks';
import type { RunbookDefinition } from './runbook-definition';
import { parseRunbook } from './runbook-parser';

/** A runbook file that passed the schema check. */
export interface CatalogEntry {
  /** `builtin:<file>` or `user:<file>`: a user file never replaces a built-in of the same name. */
  id: string;
  source: 'builtin' | 'user';
  /** Absolute path, also the `file` of every problem about it. */
  file: string;
  definition: RunbookDefinition;
  places: ReadonlyMap<string, { line: number; column: number }>;
}

export interface Catalog {
  entries: CatalogEntry[];
  problems: RunbookProblem[];
}

const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 500;
const FILE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Reads the built-in folder, then the user folder (created on first use). Each file is checked on
 * its own, so a broken one is reported and every good one still listed. Names must be unique: a
 * later file reusing a name (a user copy of a built-in) is reported, not listed.
 */
export async function loadCatalog(folders: { builtin: string; user: string }): Promise<Catalog> {
  const catalog: Catalog = { entries: [], problems: [] };
  try {
    // mkdir answers the first folder it created: undefined when the folder was already there.
    if (await mkdir(folders.user, { recursive: true })) await writeExample(folders);
  } catch (error) {
    // The built-ins still load; the folder is named so the operator can fix its permissions.
    catalog.problems.push(wholeFile(folders.user, `Your runbooks folder cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the permissions of its parent folder.`));
  }
  for (const [source, folder] of [['builtin', folders.builtin], ['user', folders.user]] as const) {
    const files = await listYamlFiles(folder, catalog.problems, source);
    for (const file of files) await loadFile(source, file, catalog);
  }
  return catalog;
}

export const EXAMPLE_FILE = 'example-runbook.yaml.txt';

/**
 * A new user folder gets the documented built-in as a starting point, under a name the catalogue
 * does not read (.txt): the format is at hand where runbooks are written, and nothing new runs.
 */
async function writeExample(folders: { builtin: string; user: string }): Promise<void> {
  const reference = await readFile(join(folders.builtin, 'restart-service.yaml'), 'utf8').catch(() => null);
  if (reference === null) return;
  const header = '# An example to start from: copy it to a name ending .yaml, give it its own name: line, edit,\n# then press Reload in the Runbooks view. Files ending .txt are not read.\n\n';
  await writeFile(join(folders.user, EXAMPLE_FILE), header + reference.replace(/^name: .*$/m, 'name: My restart'), { flag: 'wx' }).catch(() => {});
}

async function listYamlFiles(folder: string, problems: RunbookProblem[], source: 'builtin' | 'user'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const what = source === 'builtin' ? 'The built-in runbooks folder cannot be read; reinstall Capstan' : 'The runbooks folder cannot be read; check its permissions';
    problems.push(wholeFile(folder, `${what} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`));
    return [];
  }
  const yaml = names.filter((name) => /\.ya?ml$/i.test(name)).sort((a, b) => a.localeCompare(b, 'en'));
  if (yaml.length > MAX_FILES) {
    problems.push(wholeFile(folder, `holds ${yaml.length} runbook files; only the first ${MAX_FILES} are read.`));
  }
  return yaml.slice(0, MAX_FILES).map((name) => join(folder, name));
}

async function loadFile(source: 'builtin' | 'user', file: string, catalog: Catalog): Promise<void> {
  const stem = basename(file, extname(file));
  if (!FILE_ID.test(stem)) {
    catalog.problems.push(wholeFile(file, 'Rename the file: its name (before .yaml) must start with a letter or digit and use only letters, digits, _ . and -, up to 100 characters.'));
    return;
  }
  const id = `${source}:${stem}`;
  const twin = catalog.entries.find((entry) => entry.id === id);
  if (twin) {
    catalog.problems.push(wholeFile(file, `has the same name as ${basename(twin.file)}; keep one of them.`));
    return;
  }
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return;
    if (info.size > MAX_FILE_BYTES) {
      catalog.problems.push(wholeFile(file, `is ${Math.round(info.size / 1024)} KB; a runbook file is at most ${MAX_FILE_BYTES / 1024} KB.`));
      return;
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    catalog.problems.push(wholeFile(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`));
    return;
  }
  const parsed = parseRunbook(text);
  for (const problem of parsed.problems) catalog.problems.push({ file, ...problem });
  if (!parsed.definition) return;
  const name = parsed.definition.name;
  const clash = catalog.entries.find((entry) => entry.definition.name.toLowerCase() === name.toLowerCase());
  if (clash) {
    const place = parsed.places.get('name') ?? null;
    catalog.problems.push({
      file,
      line: place?.line ?? null,
      column: place?.column ?? null,
      field: 'name',
      message: `"${name}" is already the name of ${clash.id} (${basename(clash.file)}); give this runbook another name.`,
    });
    return;
  }
  catalog.entries.push({ id, source, file, definition: parsed.definition, places: parsed.places });
}

function wholeFile(file: string, message: string): RunbookProblem {
  return { file, line: null, column: null, field: null, message };
}
