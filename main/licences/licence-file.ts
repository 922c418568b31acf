import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { licenceLimits, licenceSchema, type Licence, type LicenceFileRecovery } from '../../preload/contract/licences';
import { StoreError } from '../errors/app-error';

/**
 * licences.json: the operator's licence records. Not cache: cache.db is moved aside and rebuilt
 * when it is corrupt, so licences live in their own file, written atomically (temp file, fsync,
 * rename, fsync of the folder) so a crash or power cut leaves the old file or the new one, never
 * half of one. A file that cannot be read is moved aside, never overwritten, and the operator is
 * told where it went.
 */

export const LICENCE_FILE_VERSION = 1;
const fileMarker = 'capstan.licences';

const fileSchema = z.object({
  format: z.literal(fileMarker),
  version: z.number().int().min(1),
  savedAt: z.number(),
  // Records are checked one by one (decode), so one bad record does not cost the others.
  licences: z.array(z.unknown()).max(licenceLimits.maxLicences),
});

/** What loading found. */
export interface LoadedLicences {
  licences: Licence[];
  /** Set when the file was unusable and moved aside; null when it was read (or did not exist). */
  recovery: LicenceFileRecovery | null;
}

function stampOf(at: number): string {
  // ISO time without ':' and '.', which Windows does not allow in file names (as the cache does).
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function moveAside(file: string, reason: LicenceFileRecovery['reason'], at: number): Promise<string> {
  const base = `${file}.${reason === 'newer-than-app' ? 'newer' : 'corrupt'}-${stampOf(at)}`;
  let target = base;
  for (let n = 1; await exists(target); n += 1) target = `${base}-${n}`;
  await rename(file, target);
  return target;
}

type Skipped = LicenceFileRecovery['skipped'][number];
type Decoded = { licences: Licence[]; skipped: Skipped[] } | { reason: 'corrupt' | 'newer-than-app'; detail: string };

/** The good records, and why each other one was left out (unreadable, or a product or id seen before). */
function readRecords(records: readonly unknown[]): { licences: Licence[]; skipped: Skipped[] } {
  const licences: Licence[] = [];
  const skipped: Skipped[] = [];
  const ids = new Set<string>();
  const products = new Set<string>();
  for (const [index, record] of records.entries()) {
    const named = typeof record === 'object' && record !== null ? (record as { product?: unknown }).product : undefined;
    const product = typeof named === 'string' ? named.slice(0, licenceLimits.productLength) : '';
    const parsed = licenceSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ record: index + 1, product, detail: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unknown shape' });
      continue;
    }
    const key = parsed.data.product.trim().toLowerCase();
    if (ids.has(parsed.data.id) || products.has(key)) {
      skipped.push({ record: index + 1, product, detail: ids.has(parsed.data.id) ? `id ${parsed.data.id} appears twice` : 'product appears twice' });
      continue;
    }
    ids.add(parsed.data.id);
    products.add(key);
    licences.push(parsed.data);
  }
  return { licences, skipped };
}

/** Why the text is not a licence file we can use, or the licences in it. */
function decode(text: string): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: 'corrupt', detail: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > LICENCE_FILE_VERSION) {
    return { reason: 'newer-than-app', detail: `written by a newer Capstan (format version ${version}; this one reads ${LICENCE_FILE_VERSION})` };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: 'corrupt', detail: `not a licence file (${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'unknown shape'})` };
  }
  return readRecords(parsed.data.licences);
}

/** Reads and writes one licences.json; callers serialise writes (LicenceService does). */
export class LicenceFile {
  readonly path: string;
  private readonly now: () => number;

  constructor(path: string, now: () => number = Date.now) {
    this.path = path;
    this.now = now;
  }

  /** The stored licences; a missing file is none, an unusable one is moved aside and reported. */
  async load(): Promise<LoadedLicences> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { licences: [], recovery: null };
      throw new StoreError('LicenceFileUnreadable', `The licence file ${this.path} could not be read: ${(error as Error).message}`, {
        hint: 'Check that the file is not locked by another program and that you may read it, then restart Capstan.',
        cause: error,
      });
    }
    const decoded = decode(text);
    if ('licences' in decoded && decoded.skipped.length === 0) return { licences: decoded.licences, recovery: null };
    const at = this.now();
    if (!('licences' in decoded)) {
      const movedTo = await moveAside(this.path, decoded.reason, at);
      return { licences: [], recovery: { reason: decoded.reason, movedTo, detail: decoded.detail, at, skipped: [] } };
    }
    // The whole file goes aside as it was (the skipped records are still in it), and the good
    // records are written back at once, so a restart before the next change still finds them.
    const movedTo = await moveAside(this.path, 'records-skipped', at);
    await this.save(decoded.licences);
    const detail = `${decoded.skipped.length} of ${decoded.skipped.length + decoded.licences.length} records unreadable`;
    return { licences: decoded.licences, recovery: { reason: 'records-skipped', movedTo, detail, at, skipped: decoded.skipped } };
  }

  /** Replaces the file with `licences`, atomically. */
  async save(licences: readonly Licence[]): Promise<void> {
    const body = `${JSON.stringify({ format: fileMarker, version: LICENCE_FILE_VERSION, savedAt: this.now(), licences }, null, 2)}\n`;
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw new StoreError('LicenceFileNotSaved', `The licences could not be saved to ${this.path}: ${(error as Error).message}`, {
        hint: 'Check free disk space and that the folder is writable; your last change was not kept.',
        retryable: true,
        cause: error,
      });
    }
    await syncFolder(dirname(this.path));
  }
}

/** Makes the rename itself durable; folders cannot be opened for sync on Windows, where NTFS journals renames. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (network shares) refuse fsync on a folder; the rename has still happened.
  } finally {
    await handle.close();
  }
}
