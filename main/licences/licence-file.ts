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
  licences: z.array(licenceSchema).max(licenceLimits.maxLicences),
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
  const base = `${file}.${reason === 'corrupt' ? 'corrupt' : 'newer'}-${stampOf(at)}`;
  let target = base;
  for (let n = 1; await exists(target); n += 1) target = `${base}-${n}`;
  await rename(file, target);
  return target;
}

/** Why the text is not a licence file we can use, or the licences in it. */
function decode(text: string): { licences: Licence[] } | { reason: LicenceFileRecovery['reason']; detail: string } {
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
  return { licences: parsed.data.licences };
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
    if ('licences' in decoded) return { licences: decoded.licences, recovery: null };
    const at = this.now();
    const movedTo = await moveAside(this.path, decoded.reason, at);
    return { licences: [], recovery: { reason: decoded.reason, movedTo, detail: decoded.detail, at } };
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
