import { QueryClient, QueryClientProvider, notifyManager } from '@tanstack/react-query';
import { ApiError } from '../lib/api';
import { AppShell } from './app-shell';
import { ErrorBoundary } from './error-boundary';

// Deliver query results in a microtask, not a 0 ms timer: the grid's keystroke-to-paint budget is 50 ms.
notifyManager.setScheduler(queueMicrotask);

/** Query defaults: main pushes changes as events, so nothing refetches on focus or a timer. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        gcTime: 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failureCount, error) => error instanceof ApiError && error.info.retryable && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** The whole renderer: providers, crash boundary and the shell. */
export function App({ client }: { client: QueryClient }) {
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <AppShell />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
