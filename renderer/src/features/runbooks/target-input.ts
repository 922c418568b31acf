// Pure: turns what the operator typed as targets into a TargetSelection, or says what to fix.
// Limits come from the contract so the form refuses exactly what main would refuse.
import { commandLimits, type TargetSelection } from '../../../../preload/contract/commands';

/** A problem with typed targets: an i18n key under `runbooks.targets.errors` and its values. */
export interface TargetInputError {
  key: 'tagsEmpty' | 'tagShape' | 'tooManyTags' | 'tooManyValues' | 'idsEmpty' | 'idsInvalid' | 'tooManyIds';
  values?: Record<string, string | number>;
}

export type TargetInputResult = { ok: true; targets: TargetSelection } | { ok: false; error: TargetInputError };

const INSTANCE_ID = /^m?i-[0-9a-f]{8,17}$/;

/** `Role=web,api; Environment=staging`: AND across `;`, OR across `,` — the same rule as SSM's Targets. */
export function parseTagQuery(text: string): TargetInputResult {
  const clauses = text
    .split(/[;\n]/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  if (clauses.length === 0) return { ok: false, error: { key: 'tagsEmpty' } };
  if (clauses.length > commandLimits.tagFilters) return { ok: false, error: { key: 'tooManyTags', values: { max: commandLimits.tagFilters } } };
  const filters: Array<{ key: string; values: string[] }> = [];
  for (const clause of clauses) {
    const eq = clause.indexOf('=');
    const key = eq < 0 ? '' : clause.slice(0, eq).trim();
    const values = eq < 0 ? [] : clause.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    if (!key || values.length === 0 || key.length > 128 || values.some((v) => v.length > 256)) {
      return { ok: false, error: { key: 'tagShape', values: { clause } } };
    }
    if (values.length > commandLimits.tagValues) return { ok: false, error: { key: 'tooManyValues', values: { key, max: commandLimits.tagValues } } };
    filters.push({ key, values });
  }
  return { ok: true, targets: { kind: 'tags', filters } };
}

/** Instance ids pasted from anywhere: split on spaces, commas, semicolons or new lines; duplicates dropped. */
export function parseInstanceIds(text: string): TargetInputResult {
  const ids = [...new Set(text.split(/[\s,;]+/).filter((id) => id.length > 0))];
  if (ids.length === 0) return { ok: false, error: { key: 'idsEmpty' } };
  const bad = ids.filter((id) => !INSTANCE_ID.test(id));
  if (bad.length > 0) return { ok: false, error: { key: 'idsInvalid', values: { count: bad.length, first: bad[0] ?? '' } } };
  if (ids.length > commandLimits.maxNodesPerJob) return { ok: false, error: { key: 'tooManyIds', values: { max: commandLimits.maxNodesPerJob } } };
  return { ok: true, targets: { kind: 'nodes', instanceIds: ids } };
}

/** "Role=web · Team=ops,sre": a tag query in one line, for cards and summaries. */
export function describeTagFilters(filters: ReadonlyArray<{ key: string; values: readonly string[] }>): string {
  return filters.map((f) => `${f.key}=${f.values.join(',')}`).join(' · ');
}
