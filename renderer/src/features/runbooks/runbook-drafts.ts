// What the operator typed into a runbook's dialog, kept per workspace and runbook for the whole
// session: closing the dialog by accident, an error, or a look at another screen loses nothing.
// The typed confirmation is deliberately NOT kept: it must be typed again for every run.
import { useCallback, useState } from 'react';
import type { CommandParameters } from '../../../../preload/contract/commands';
import type { RunbookParameter } from '../../../../preload/contract/runbooks';

/** Where the nodes of a `chosen` runbook come from. */
export type TargetMode = 'preset' | 'filter' | 'tags' | 'ids';

export interface RunbookDraft {
  /** Field text per parameter name; a StringList holds one value per line. */
  values: Record<string, string>;
  /** Fields the operator has left (blur) or changed: only their errors show while typing. */
  touched: string[];
  targetMode: TargetMode | null;
  tagText: string;
  idsText: string;
}

const drafts = new Map<string, RunbookDraft>();

function draftKey(workspaceId: string, runbookId: string): string {
  return `${workspaceId}\u0000${runbookId}`;
}

/** The form as it opens the first time: each parameter's default, nothing touched. */
export function initialDraft(parameters: ReadonlyArray<RunbookParameter>): RunbookDraft {
  const values: Record<string, string> = {};
  for (const p of parameters) values[p.name] = Array.isArray(p.default) ? p.default.join('\n') : (p.default ?? '');
  return { values, touched: [], targetMode: null, tagText: '', idsText: '' };
}

/** True when the draft holds anything the operator typed (so closing it deserves a question). */
export function isDirty(draft: RunbookDraft, parameters: ReadonlyArray<RunbookParameter>): boolean {
  const fresh = initialDraft(parameters);
  return (
    parameters.some((p) => (draft.values[p.name] ?? '') !== (fresh.values[p.name] ?? '')) || draft.tagText.trim() !== '' || draft.idsText.trim() !== ''
  );
}

/**
 * Field text → SSM's shape (every value a list). An empty field is left out, so the document's
 * default applies and a required one is reported missing by name.
 */
export function toCommandParameters(parameters: ReadonlyArray<RunbookParameter>, values: Record<string, string>): CommandParameters {
  const out: CommandParameters = {};
  for (const p of parameters) {
    const text = values[p.name] ?? '';
    if (p.type === 'StringList') {
      const items = text.split('\n').map((v) => v.trim()).filter((v) => v.length > 0);
      if (items.length > 0) out[p.name] = items;
    } else if (text !== '') {
      out[p.name] = [text];
    }
  }
  return out;
}

/** The draft for one runbook, written through to the session store on every change. */
export function useRunbookDraft(workspaceId: string, runbookId: string, parameters: ReadonlyArray<RunbookParameter>) {
  const key = draftKey(workspaceId, runbookId);
  const [draft, setDraft] = useState<RunbookDraft>(() => drafts.get(key) ?? initialDraft(parameters));
  const update = useCallback(
    (change: (old: RunbookDraft) => RunbookDraft) =>
      setDraft((old) => {
        const next = change(old);
        drafts.set(key, next);
        return next;
      }),
    [key],
  );
  const clear = useCallback(() => {
    drafts.delete(key);
    setDraft(initialDraft(parameters));
  }, [key, parameters]);
  return { draft, update, clear };
}
