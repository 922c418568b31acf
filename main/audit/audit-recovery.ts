import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { GENESIS_HASH } from './audit-canonical';
import { mapLines, readSomeLines, writeDurably, type LineMap } from './audit-file';
import { checkLine, linkHashOf } from './audit-line';

/** What opening the log found that the operator (or the logs) should hear about. */
export interface AuditRecovery {
  /** A last line cut short by a crash, moved to `movedTo` and taken off the end of the log. */
  tornTail: { movedTo: string; bytes: number } | null;
  /** The last complete line fails verification; appends continue after it and `verify` names the first break. */
  lastLineProblem: string | null;
}

/** The file mapped and ready to append to: where the chain continues from. */
export interface OpenedFile {
  map: LineMap;
  lastHash: string;
  recovery: AuditRecovery;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stampOf(at: number): string {
  // ISO time without ':' and '.', which Windows does not allow in file names.
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/**
 * Maps the file and deals with its end. A torn last line (a write a crash cut short) was never
 * acknowledged to anyone: when it is in fact a whole entry that continues the chain and only lost
 * its newline, the newline is added; otherwise its bytes go to a sibling file and come off the end,
 * so the next entry starts on a line of its own. Nothing else in the file is ever changed.
 */
export async function openForAppend(file: string, handle: FileHandle, now: () => number): Promise<OpenedFile> {
  const map = await mapLines(file);
  const recovery: AuditRecovery = { tornTail: null, lastLineProblem: null };
  const lastText = map.offsets.length ? ((await readSomeLines(file, map, [map.offsets.length - 1]))[0] as string) : null;
  let lastHash = lastText === null ? GENESIS_HASH : linkHashOf(lastText, sha256);

  if (map.tail.length > 0) {
    const text = map.tail.toString('utf8');
    const line = map.offsets.length + 1;
    if (checkLine(text, line, lastHash) === null) {
      await writeDurably(handle, Buffer.from('\n'));
      map.offsets.push(map.end);
      map.lengths.push(map.tail.length);
      map.end += map.tail.length + 1;
      lastHash = linkHashOf(text, sha256);
    } else {
      const movedTo = await setAside(file, map.tail, now());
      await handle.truncate(map.end);
      await handle.sync();
      recovery.tornTail = { movedTo, bytes: map.tail.length };
    }
    map.tail = Buffer.alloc(0);
  } else if (lastText !== null) {
    const previous = map.offsets.length > 1 ? linkHashOf((await readSomeLines(file, map, [map.offsets.length - 2]))[0] as string, sha256) : GENESIS_HASH;
    recovery.lastLineProblem = checkLine(lastText, map.offsets.length, previous)?.reason ?? null;
  }
  return { map, lastHash, recovery };
}

async function setAside(file: string, bytes: Buffer, now: number): Promise<string> {
  const base = `${file}.torn-${stampOf(now)}`;
  let target = base;
  for (let n = 1; await exists(target); n += 1) target = `${base}-${n}`;
  const handle = await open(target, 'wx', 0o600);
  try {
    await writeDurably(handle, bytes);
  } finally {
    await handle.close();
  }
  return target;
}
