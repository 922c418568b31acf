import { useCallback, useState } from 'react';
import { localStore } from '../../lib/storage';
import { clampColumnWidth, loadColumnWidths, saveColumnWidths } from './column-widths';
import type { FleetColumnId } from './fleet-columns';
import { defaultColumnWidths } from './fleet-columns';

/** Column widths with localStorage persistence: `resize` while dragging, `commit` when it ends. */
export function useColumnWidths(): {
  widths: Record<FleetColumnId, number>;
  resize: (id: FleetColumnId, px: number) => void;
  commit: () => void;
  reset: (id: FleetColumnId) => void;
} {
  const [widths, setWidths] = useState(() => loadColumnWidths(localStore(), defaultColumnWidths));

  const resize = useCallback((id: FleetColumnId, px: number) => {
    setWidths((old) => {
      const next = clampColumnWidth(px);
      return old[id] === next ? old : { ...old, [id]: next };
    });
  }, []);

  // Saved once per drag, not per pointer move.
  const commit = useCallback(() => {
    setWidths((current) => {
      saveColumnWidths(localStore(), current);
      return current;
    });
  }, []);

  const reset = useCallback((id: FleetColumnId) => {
    setWidths((old) => {
      const next = { ...old, [id]: defaultColumnWidths[id] };
      saveColumnWidths(localStore(), next);
      return next;
    });
  }, []);

  return { widths, resize, commit, reset };
}
