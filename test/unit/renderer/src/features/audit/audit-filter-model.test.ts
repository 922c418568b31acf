import { describe, expect, it } from 'vitest';
import { emptyDraft, toFilter } from '../../../../../../renderer/src/features/audit/audit-filter-model';

describe('audit filter from the form', () => {
  it('sends nothing for an empty form', () => {
    expect(toFilter(emptyDraft)).toEqual({ filter: {}, rangeProblem: false });
  });

  it('trims the text and turns one action and one outcome into lists', () => {
    expect(toFilter({ ...emptyDraft, text: '  web-01 ', action: 'session.opened', outcome: 'failed' }).filter).toEqual({
      text: 'web-01',
      actions: ['session.opened'],
      outcomes: ['failed'],
    });
  });

  it('covers whole local days, the "to" day included to its last millisecond', () => {
    const { filter } = toFilter({ ...emptyDraft, fromDay: '2026-11-01', toDay: '2026-11-01' });
    expect(filter.from).toBe(new Date(2026, 10, 1).getTime());
    expect(filter.to).toBe(new Date(2026, 10, 2).getTime() - 1);
  });

  it('across a month end', () => {
    expect(toFilter({ ...emptyDraft, toDay: '2026-02-28' }).filter.to).toBe(new Date(2026, 2, 1).getTime() - 1);
  });

  it('flags days the wrong way round and leaves the range out rather than list nothing', () => {
    const result = toFilter({ ...emptyDraft, text: 'x', fromDay: '2026-11-05', toDay: '2026-11-01' });
    expect(result.rangeProblem).toBe(true);
    expect(result.filter).toEqual({ text: 'x' });
  });
});
