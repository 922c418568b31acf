import type { AuditAction, AuditFilter, AuditOutcome } from '../../../../preload/contract/audit';

/** What the operator typed and picked, before it becomes a request. */
export interface AuditFilterDraft {
  text: string;
  action: AuditAction | '';
  outcome: AuditOutcome | '';
  /** `YYYY-MM-DD` from the date inputs, local days; '' for open-ended. */
  fromDay: string;
  toDay: string;
}

export const emptyDraft: AuditFilterDraft = { text: '', action: '', outcome: '', fromDay: '', toDay: '' };

/** Local midnight at the start of `day` plus `days` days; undefined for an empty or malformed day. */
function localMidnight(day: string, days = 0): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).getTime();
}

/** The request filter; `rangeProblem` when the days are the wrong way round (the range is then not applied). */
export function toFilter(draft: AuditFilterDraft): { filter: AuditFilter; rangeProblem: boolean } {
  const from = localMidnight(draft.fromDay);
  // The "to" day is included whole: up to the last millisecond before the next local midnight.
  const next = localMidnight(draft.toDay, 1);
  const to = next === undefined ? undefined : next - 1;
  const rangeProblem = from !== undefined && to !== undefined && from > to;
  const text = draft.text.trim();
  return {
    filter: {
      ...(text ? { text } : {}),
      ...(draft.action ? { actions: [draft.action] } : {}),
      ...(draft.outcome ? { outcomes: [draft.outcome] } : {}),
      ...(!rangeProblem && from !== undefined ? { from } : {}),
      ...(!rangeProblem && to !== undefined ? { to } : {}),
    },
    rangeProblem,
  };
}
