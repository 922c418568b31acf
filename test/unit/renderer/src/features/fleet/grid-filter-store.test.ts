import { describe, expect, it } from 'vitest';
import { createGridFilterStore } from '../../../../../../renderer/src/features/fleet/grid-filter-store';

describe('createGridFilterStore', () => {
  it('tells subscribers of each new text, once, and not after they leave', () => {
    const store = createGridFilterStore('ping:offline');
    const seen: string[] = [];
    const leave = store.subscribe(() => seen.push(store.get()));
    store.set('ping:offline');
    store.set('web');
    store.set('web-p');
    leave();
    store.set('db');
    expect(seen).toEqual(['web', 'web-p']);
    expect(store.get()).toBe('db');
  });

  it('lets a listener leave while it is being told', () => {
    const store = createGridFilterStore();
    const calls: string[] = [];
    const leaveA = store.subscribe(() => {
      calls.push('a');
      leaveA();
    });
    store.subscribe(() => calls.push('b'));
    store.set('x');
    store.set('y');
    expect(calls).toEqual(['a', 'b', 'b']);
  });
});
