import { auditActionSchema, auditOutcomeSchema, type AuditEntry, type AuditFilter } from '../../preload/contract/audit';
import type { EntryMeta } from './audit-fast';

const ACTIONS: readonly string[] = auditActionSchema.options;
const OUTCOMES: readonly string[] = auditOutcomeSchema.options;
/** A line not yet read into the index. */
const UNKNOWN = -2;
/** A line that is not an audit entry (verify reports it; lists skip it). */
const UNREADABLE = -1;

/**
 * What the list filters need of each line, in parallel number columns (a few bytes per entry, not
 * a parsed object), so filtering 100,000 entries by action, outcome, workspace or time reads no file.
 */
export class AuditIndex {
  private readonly at: number[] = [];
  private readonly action: number[] = [];
  private readonly outcome: number[] = [];
  private readonly workspace: number[] = [];
  private readonly workspaceIds: string[] = [];
  private readonly workspaceCodes = new Map<string, number>();

  /** Reserves `count` lines whose content is read later (`isKnown` says which). */
  reserve(count: number): void {
    for (let i = this.at.length; i < count; i += 1) this.put(i, UNKNOWN, 0, 0, 0);
  }

  /** Records line `index` (0-based); null (or an action or outcome outside the contract) for a line that is not an entry. */
  set(index: number, meta: EntryMeta | null): void {
    const action = meta ? ACTIONS.indexOf(meta.action) : -1;
    const outcome = meta ? OUTCOMES.indexOf(meta.outcome) : -1;
    if (!meta || action < 0 || outcome < 0) {
      this.put(index, UNREADABLE, 0, 0, 0);
      return;
    }
    this.put(index, action, outcome, this.workspaceCode(meta.workspaceId), meta.at);
  }

  get size(): number {
    return this.at.length;
  }

  isKnown(index: number): boolean {
    return this.action[index] !== UNKNOWN;
  }

  /** True when line `index` is an entry that passes every filter but the text one. */
  matches(index: number, filter: CompiledFilter): boolean {
    const action = this.action[index] as number;
    if (action < 0) return false;
    if (filter.actions && !filter.actions.has(action)) return false;
    if (filter.outcomes && !filter.outcomes.has(this.outcome[index] as number)) return false;
    if (filter.workspace !== undefined && this.workspace[index] !== this.workspaceCodes.get(filter.workspace)) return false;
    const at = this.at[index] as number;
    return (filter.from === undefined || at >= filter.from) && (filter.to === undefined || at <= filter.to);
  }

  private put(index: number, action: number, outcome: number, workspace: number, at: number): void {
    this.action[index] = action;
    this.outcome[index] = outcome;
    this.workspace[index] = workspace;
    this.at[index] = at;
  }

  private workspaceCode(id: string): number {
    let code = this.workspaceCodes.get(id);
    if (code === undefined) {
      code = this.workspaceIds.push(id) - 1;
      this.workspaceCodes.set(id, code);
    }
    return code;
  }
}

/** The index fields of a parsed entry. */
export function metaOf(entry: AuditEntry | null): EntryMeta | null {
  return entry ? { action: entry.action, outcome: entry.outcome, workspaceId: entry.actor.workspaceId, at: entry.at } : null;
}

/** A filter made ready for a pass over many lines. */
export interface CompiledFilter {
  actions?: Set<number>;
  outcomes?: Set<number>;
  workspace?: string;
  from?: number;
  to?: number;
  /** Lower-cased words; every one must appear. Empty: no text filter. */
  words: string[];
  /** Identifies the filter for the search cache. */
  key: string;
}

/** Compiles a contract filter; an empty action or outcome list means "any". */
export function compileFilter(filter: AuditFilter): CompiledFilter {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return {
    ...(filter.actions?.length ? { actions: new Set(filter.actions.map((a) => ACTIONS.indexOf(a))) } : {}),
    ...(filter.outcomes?.length ? { outcomes: new Set(filter.outcomes.map((o) => OUTCOMES.indexOf(o))) } : {}),
    ...(filter.workspaceId !== undefined ? { workspace: filter.workspaceId } : {}),
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    ...(filter.to !== undefined ? { to: filter.to } : {}),
    words,
    key: JSON.stringify([filter.actions ?? [], filter.outcomes ?? [], filter.workspaceId ?? null, filter.from ?? null, filter.to ?? null, words]),
  };
}

/** True when JSON writes the word differently from the word itself (quotes, backslashes, control characters). */
function escapedInJson(word: string): boolean {
  return JSON.stringify(word) !== `"${word}"`;
}

/**
 * Whether a stored line holds every word in the searched fields. The raw line is tried first (a
 * word missing from the whole line is missing from every field), so most lines are never parsed;
 * a word with characters JSON escapes cannot be looked for in the raw text and skips that shortcut.
 */
export function lineHasWords(line: string, words: readonly string[], parse: (line: string) => AuditEntry | null): boolean {
  if (words.length === 0) return true;
  const lower = line.toLowerCase();
  if (words.some((word) => !escapedInJson(word) && !lower.includes(word))) return false;
  const entry = parse(line);
  if (!entry) return false;
  const fields = [entry.summary, entry.targets.join(' '), entry.actor.operator, entry.actor.principal, JSON.stringify(entry.detail), entry.error ?? '']
    .join('\n')
    .toLowerCase();
  return words.every((word) => fields.includes(word));
}
