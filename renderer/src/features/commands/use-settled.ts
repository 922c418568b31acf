import { useEffect, useState } from 'react';

/**
 * The value once it has stopped changing for `ms` (compared by its JSON), so a preview is asked
 * for what the operator typed, not for every keystroke on the way there.
 */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  const settledKey = JSON.stringify(settled);
  useEffect(() => {
    if (key === settledKey) return undefined;
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, settledKey, ms]);
  return key === settledKey ? value : settled;
}
