import type { QueryClient } from '@tanstack/react-query';

/**
 * One subscription per query client however many views hold it, so an event refetches once; it is
 * stopped when the last view lets go. `start` subscribes and returns its stop function.
 */
export function sharedSubscription(start: (client: QueryClient) => () => void): (client: QueryClient) => () => void {
  const holders = new Map<QueryClient, { count: number; stop: () => void }>();
  return (client) => {
    let entry = holders.get(client);
    if (!entry) {
      entry = { count: 0, stop: start(client) };
      holders.set(client, entry);
    }
    entry.count += 1;
    const held = entry;
    return () => {
      held.count -= 1;
      if (held.count === 0) {
        held.stop();
        holders.delete(client);
      }
    };
  };
}
