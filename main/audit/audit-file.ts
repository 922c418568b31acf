import { open, type FileHandle } from 'node:fs/promises';

/** Where each complete line of the file starts and how long it is (bytes, without the newline). */
export interface LineMap {
  offsets: number[];
  lengths: number[];
  /** Bytes after the last newline: a write that did not finish (crash, power cut), or empty. */
  tail: Buffer;
  /** Offset of `tail`, which is also where the next line goes once the tail is dealt with. */
  end: number;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/** Scans the file once for newlines; nothing is parsed, so this stays quick on a large log. */
export async function mapLines(path: string): Promise<LineMap> {
  const offsets: number[] = [];
  const lengths: number[] = [];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let lineStart = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      let from = 0;
      for (let at = buffer.indexOf(NEWLINE, from); at !== -1 && at < bytesRead; at = buffer.indexOf(NEWLINE, from)) {
        offsets.push(lineStart);
        lengths.push(position + at - lineStart);
        lineStart = position + at + 1;
        from = at + 1;
      }
      position += bytesRead;
    }
    const tail = Buffer.alloc(position - lineStart);
    if (tail.length > 0) await handle.read(tail, 0, tail.length, lineStart);
    return { offsets, lengths, tail, end: lineStart };
  } finally {
    await handle.close();
  }
}

/**
 * Reads lines `first`… (0-based) in file order, in large sequential reads rather than one read per
 * line; `stop` bounds the walk to the lines known when it began, so appends meanwhile are not half-read.
 */
export async function* readLines(path: string, map: Pick<LineMap, 'offsets' | 'lengths'>, first: number, stop: number): AsyncGenerator<{ index: number; text: string }> {
  if (first >= stop) return;
  const handle = await open(path, 'r');
  try {
    let index = first;
    while (index < stop) {
      const start = map.offsets[index] as number;
      // One read covers as many whole lines as fit in a chunk (at least one, however long).
      let last = index;
      while (last + 1 < stop && (map.offsets[last + 1] as number) + (map.lengths[last + 1] as number) - start <= CHUNK) last += 1;
      const size = (map.offsets[last] as number) + (map.lengths[last] as number) - start;
      const buffer = Buffer.allocUnsafe(size);
      await readFully(handle, buffer, start);
      for (let i = index; i <= last; i += 1) {
        const from = (map.offsets[i] as number) - start;
        yield { index: i, text: buffer.toString('utf8', from, from + (map.lengths[i] as number)) };
      }
      index = last + 1;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Every complete line of the file as it is on disk now, whatever this process believes its layout
 * to be: verification must see a line someone changed (and so moved the lines after it) while
 * Capstan was running. Bytes after the last newline (an append in flight) are not a line yet.
 */
export async function* readFileLines(path: string): AsyncGenerator<{ index: number; text: string }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer = Buffer.alloc(0);
    let position = 0;
    let index = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      let from = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
        yield { index, text: chunk.toString('utf8', from, at) };
        index += 1;
        from = at + 1;
      }
      // Copied: the read buffer is reused for the next chunk.
      carry = Buffer.from(chunk.subarray(from));
    }
  } finally {
    await handle.close();
  }
}

/** Complete lines in the file as it is on disk now. */
export async function countFileLines(path: string): Promise<number> {
  let count = 0;
  for await (const _line of readFileLines(path)) count += 1;
  return count;
}

/** The given lines (0-based indexes, any order), each read on its own: for a page of a list. */
export async function readSomeLines(path: string, map: Pick<LineMap, 'offsets' | 'lengths'>, indexes: readonly number[]): Promise<string[]> {
  if (indexes.length === 0) return [];
  const handle = await open(path, 'r');
  try {
    const out: string[] = [];
    for (const index of indexes) {
      const buffer = Buffer.allocUnsafe(map.lengths[index] as number);
      await readFully(handle, buffer, map.offsets[index] as number);
      out.push(buffer.toString('utf8'));
    }
    return out;
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Error(`the audit log is shorter than expected at byte ${position + done}`);
    done += bytesRead;
  }
}

/** Writes all of `data` at the end of the file and makes it durable before resolving. */
export async function writeDurably(handle: FileHandle, data: Buffer): Promise<void> {
  let done = 0;
  // Regular files take the whole buffer in one write; the loop only covers a short write.
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
  await handle.sync();
}
