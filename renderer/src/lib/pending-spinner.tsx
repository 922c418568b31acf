import { useShownAfter } from './use-shown-after';

/** Past this wait the operator notices and should see the work going on; before it an indicator only flickers. */
export const SLOW_ANSWER_MS = 250;

/**
 * A filter box's spinner, mounted only while an answer is slow. Its own component, so that when
 * the delay passes only the spinner re-renders, not the screen that owns the box.
 */
export function PendingSpinner({ pending, testId }: { pending: boolean; testId?: string }) {
  const shown = useShownAfter(pending, SLOW_ANSWER_MS);
  return shown ? <span className="filter__pending" aria-hidden="true" data-testid={testId} /> : null;
}
