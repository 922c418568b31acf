import { createContext, useContext } from 'react';
import type { FleetNode } from '../../../../preload/contract/fleet';

/** "Run command…" and "Run runbook…" for one node, offered by the grid's context menu. */
export interface NodeRunActions {
  runCommand: (node: FleetNode) => void;
  runRunbook: (node: FleetNode) => void;
}

/** Provided by the app shell around the fleet screen; the menu lives deep in the grid. */
export const NodeRunContext = createContext<NodeRunActions | null>(null);

/** The run actions for grid rows, or null where no screen can take them. */
export function useNodeRunActions(): NodeRunActions | null {
  return useContext(NodeRunContext);
}
