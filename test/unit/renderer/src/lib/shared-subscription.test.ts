import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { sharedSubscription } from '../../../../../renderer/src/lib/shared-subscription';

describe('a subscription shared by the views of one window', () => {
  it('subscribes once for many holders and stops when the last lets go', () => {
    const log: string[] = [];
    const follow = sharedSubscription(() => {
      log.push('start');
      return () => log.push('stop');
    });
    const client = new QueryClient();
    const first = follow(client);
    const second = follow(client);
    expect(log).toEqual(['start']);
    first();
    expect(log).toEqual(['start']);
    second();
    expect(log).toEqual(['start', 'stop']);
    follow(client)();
    expect(log).toEqual(['start', 'stop', 'start', 'stop']);
  });
});
