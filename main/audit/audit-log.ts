import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  auditEntrySchema,
  type AuditAction,
  type AuditActor,
  type AuditEntry,
  type AuditFilter,
  type AuditOutcome,
  type AuditVerification,
} from '../../preload/contract/audit';
import { BugError, StoreError } from '../errors/app-error';
import { GENESIS_HASH, entryHash, entryLine } from './audit-canonical';
import { countFileLines, mapLines, readFileLines, readLines, readSomeLines, writeDurably, type LineMap } from './audit-file';
import { fastMeta, fastVerifiedHash } from './audit-fast';
import { AuditIndex, compileFilter, lineHasWords, metaOf, type CompiledFilter } from './audit-index';
import { checkLine, parseEntry } from './audit-line';
import { openForAppend, type AuditRecovery } from './audit-recovery';
import { brokenLinkReason } from './audit-reasons';
import { scrubDetail, scrubText } from './audit-scrub';

/** What a writer hands in; the log adds seq, time and the hashes, and scrubs secrets. */
export interface AuditRecordInput {
  actor: AuditActor;
  action: AuditAction;
  summary: string;
  targets: string[];
  detail: Record<string, unknown>;
  outcome: AuditOutcome;
  error: string | null;
}

interface Pending {
  input: AuditRecordInput;
  resolve: (entry: AuditEntry) => void;
  reject: (error: unknown) => void;
}

/** Entries written with one write and one fsync when writers arrive together. */
const MAX_BATCH = 256;

/**
 * The audit log: audit.jsonl beside (never inside) cache.db, one canonical-JSON entry per line,
 * each carrying the hash of the line before. Append-only: never rewritten, rotated or truncated;
 * a broken chain is reported by `verify`, not repaired. Appends are queued and resolve once fsync'd.
 */
export class AuditLog {
  private readonly listeners = new Set<(entry: AuditEntry) => void>();
  private index = new AuditIndex();
  private pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  private indexing: Promise<void> | null = null;
  private search: { key: string; scanned: number; matches: number[] } | null = null;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private map: LineMap,
    private lastHash: string,
    /** What opening found: a torn last line set aside, or a last line that fails verification. */
    readonly recovery: AuditRecovery,
    private readonly now: () => number,
    private readonly log: (message: string, detail?: unknown) => void,
  ) {
    this.index.reserve(map.offsets.length);
  }

  /** Opens (or creates) the log and finds where the chain continues. */
  static async open(options: { file: string; now?: () => number; log?: (message: string, detail?: unknown) => void }): Promise<AuditLog> {
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => {});
    await mkdir(dirname(options.file), { recursive: true });
    let handle: FileHandle;
    try {
      handle = await open(options.file, 'a', 0o600);
    } catch (error) {
      throw new StoreError('AuditLogUnavailable', `The audit log ${options.file} could not be opened: ${(error as Error).message}`, {
        hint: 'Check that the folder is writable and the file is not locked by another program, then restart Capstan.',
        cause: error,
      });
    }
    try {
      const opened = await openForAppend(options.file, handle, now);
      if (opened.recovery.tornTail) {
        log(`audit log: the last line was cut short (${opened.recovery.tornTail.bytes} bytes, a write a crash interrupted); it is kept in ${opened.recovery.tornTail.movedTo}`);
      }
      if (opened.recovery.lastLineProblem) log(`audit log: ${opened.recovery.lastLineProblem}; new entries follow it, and Verify chain reports the first broken line`);
      return new AuditLog(options.file, handle, opened.map, opened.lastHash, opened.recovery, now, log);
    } catch (error) {
      await handle.close();
      throw new StoreError('AuditLogUnreadable', `The audit log ${options.file} could not be read: ${(error as Error).message}`, {
        hint: 'Check that the file is not locked by another program and that you may read it, then restart Capstan. Do not delete it: it is the record of what was done.',
        cause: error,
      });
    }
  }

  /** Appends one entry (secrets scrubbed); resolves with it once it is on disk. */
  append(input: AuditRecordInput): Promise<AuditEntry> {
    if (this.closed) return Promise.reject(new StoreError('AuditLogClosed', 'The audit log is closed; Capstan is shutting down.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining) return;
    // A writer woken by the last batch may queue before this drain has settled: start another for it.
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Calls `listener` with each entry once it is durable; returns the unsubscribe function. */
  onAppended(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries matching `filter`, newest first, and how many match in all. */
  async list(filter: AuditFilter, offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number; file: string }> {
    const matches = await this.matching(compileFilter(filter));
    const page: number[] = [];
    for (let i = matches.length - 1 - offset; i >= 0 && page.length < limit; i -= 1) page.push(matches[i] as number);
    const lines = await readSomeLines(this.file, this.map, page);
    const entries = lines.map(parseEntry).filter((entry): entry is AuditEntry => entry !== null);
    return { entries, total: matches.length, file: this.file };
  }

  /** The matching lines oldest first, exactly as stored, as one JSON Lines text. */
  async export(filter: AuditFilter): Promise<{ fileName: string; content: string; entries: number }> {
    const matches = await this.matching(compileFilter(filter));
    const lines: string[] = [];
    let next = 0;
    const stop = matches.length ? (matches[matches.length - 1] as number) + 1 : 0;
    for await (const { index, text } of readLines(this.file, this.map, matches[0] ?? 0, stop)) {
      if (index !== matches[next]) continue;
      lines.push(text);
      next += 1;
    }
    const stamp = new Date(this.now()).toISOString().slice(0, 19).replace(/:/g, '-');
    return { fileName: `capstan-audit-${stamp}.jsonl`, content: lines.length ? `${lines.join('\n')}\n` : '', entries: lines.length };
  }

  /** Checks every line from the first: its own hash, its number and its link to the line before. */
  async verify(): Promise<AuditVerification> {
    // What this run wrote is known: a chain that is intact but shorter, or that no longer passes
    // through the last hash written, lost its end — the one edit a hash chain cannot show alone.
    while (this.draining) await this.draining;
    const written = this.map.offsets.length;
    const writtenHash = this.lastHash;
    let prevHash = GENESIS_HASH;
    let lines = 0;
    let hashAtWritten: string | null = written === 0 ? GENESIS_HASH : null;
    for await (const { index, text } of readFileLines(this.file)) {
      lines = index + 1;
      const intact = fastVerifiedHash(text, index + 1, prevHash);
      if (intact) {
        prevHash = intact;
        if (lines === written) hashAtWritten = intact;
        continue;
      }
      // The full check says why; it also catches a line the fast path could not read but that holds.
      const problem = checkLine(text, index + 1, prevHash);
      if (problem) return { ok: false, entries: await countFileLines(this.file), checkedAt: this.now(), firstBrokenLine: index + 1, reason: problem.reason };
      prevHash = (JSON.parse(text) as { hash: string }).hash;
      if (lines === written) hashAtWritten = prevHash;
    }
    if (lines < written || hashAtWritten !== writtenHash) {
      const first = Math.min(lines, written) + 1;
      return { ok: false, entries: lines, checkedAt: this.now(), firstBrokenLine: first, reason: brokenLinkReason('truncated', first, String(written)) };
    }
    return { ok: true, entries: lines, checkedAt: this.now() };
  }

  /** Waits for queued appends, then closes the file; later appends are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await this.draining;
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      const accepted: Array<{ waiter: Pending; entry: AuditEntry; line: string }> = [];
      let prevHash = this.lastHash;
      for (const waiter of batch) {
        const built = this.build(waiter.input, this.map.offsets.length + accepted.length + 1, prevHash);
        if (built instanceof Error) {
          waiter.reject(built);
          continue;
        }
        accepted.push({ waiter, entry: built, line: entryLine(built) });
        prevHash = built.hash;
      }
      if (accepted.length === 0) continue;
      const bytes = Buffer.from(`${accepted.map((a) => a.line).join('\n')}\n`, 'utf8');
      try {
        await writeDurably(this.handle, bytes);
      } catch (error) {
        await this.undoPartialWrite(error);
        const failure = new StoreError('AuditNotWritten', `The audit entry could not be written to ${this.file}: ${(error as Error).message}`, {
          hint: 'Free some disk space or make the folder writable; the action was not recorded.',
          retryable: true,
          cause: error,
        });
        for (const { waiter } of accepted) waiter.reject(failure);
        continue;
      }
      for (const { entry, line } of accepted) {
        this.map.offsets.push(this.map.end);
        this.map.lengths.push(Buffer.byteLength(line));
        this.map.end += Buffer.byteLength(line) + 1;
        this.index.set(this.map.offsets.length - 1, metaOf(entry));
      }
      this.lastHash = prevHash;
      for (const { waiter, entry } of accepted) {
        waiter.resolve(entry);
        for (const listener of this.listeners) {
          try {
            listener(entry);
          } catch (error) {
            this.log('an audit entry listener failed', error);
          }
        }
      }
    }
  }

  private build(input: AuditRecordInput, seq: number, prevHash: string): AuditEntry | Error {
    const unhashed = {
      seq,
      at: this.now(),
      actor: { ...input.actor },
      action: input.action,
      summary: scrubText(input.summary, 500),
      targets: input.targets.map((target) => scrubText(target, 300)),
      detail: scrubDetail(input.detail),
      outcome: input.outcome,
      error: input.error === null ? null : scrubText(input.error, 2000),
      prevHash,
    };
    const entry = { ...unhashed, hash: entryHash(unhashed) };
    const checked = auditEntrySchema.safeParse(entry);
    if (!checked.success) return new BugError(`An audit entry was refused: ${checked.error.issues[0]?.path.join('.') ?? 'entry'} ${checked.error.issues[0]?.message ?? ''}`);
    return entry;
  }

  private async undoPartialWrite(cause: unknown): Promise<void> {
    // The failed bytes were never acknowledged; leaving half a line would glue it to the next entry.
    try {
      await this.handle.truncate(this.map.end);
    } catch (error) {
      this.log(`audit log: a failed write (${(cause as Error).message}) left bytes that could not be removed; they are set aside at the next start`, error);
    }
  }

  /**
   * Re-reads the layout when the file's size is not what this process wrote: someone edited it
   * while Capstan ran, and the remembered offsets would read the wrong bytes. It takes the writer's
   * slot, so no append is half-way while the lines are mapped again.
   */
  private async followOutsideEdits(): Promise<void> {
    if (this.draining || this.pending.length > 0) return;
    const size = (await stat(this.file)).size;
    if (size === this.map.end || this.draining) return;
    this.draining = (async () => {
      const map = await mapLines(this.file);
      this.log(`audit log: ${this.file} changed outside Capstan (${size} bytes, ${this.map.end} written); lists follow the file, Verify chain shows where it breaks`);
      // Bytes after the last newline are not a line; the next append starts after them.
      this.map = { ...map, tail: Buffer.alloc(0), end: size };
      this.index = new AuditIndex();
      this.index.reserve(map.offsets.length);
      this.indexing = null;
      this.search = null;
    })().finally(() => {
      this.draining = null;
      if (this.pending.length > 0) this.kick();
    });
    await this.draining;
  }

  /** 0-based lines matching the filter, in file order. */
  private async matching(filter: CompiledFilter): Promise<number[]> {
    await this.followOutsideEdits();
    await this.ensureIndexed();
    const count = this.map.offsets.length;
    if (filter.words.length === 0) {
      const out: number[] = [];
      for (let i = 0; i < count; i += 1) if (this.index.matches(i, filter)) out.push(i);
      return out;
    }
    // A text search reads the file; its result is kept and extended as lines arrive, so paging and
    // live updates do not read it all again.
    const cached = this.search?.key === filter.key && this.search.scanned <= count ? this.search : { key: filter.key, scanned: 0, matches: [] };
    for await (const { index, text } of readLines(this.file, this.map, cached.scanned, count)) {
      if (this.index.matches(index, filter) && lineHasWords(text, filter.words, parseEntry)) cached.matches.push(index);
    }
    cached.scanned = count;
    this.search = cached;
    return cached.matches.slice();
  }

  private ensureIndexed(): Promise<void> {
    // The index and layout of this moment: an outside edit mapped meanwhile gets an index of its own.
    const { index: target, map } = this;
    this.indexing ??= (async () => {
      for await (const { index, text } of readLines(this.file, map, 0, target.size)) {
        if (!target.isKnown(index)) target.set(index, fastMeta(text) ?? metaOf(parseEntry(text)));
      }
    })();
    // A failed read is tried again next time rather than remembered.
    this.indexing.catch(() => {
      this.indexing = null;
    });
    return this.indexing;
  }
}
