import type { EventSink, InvokeHandlers } from '../ipc/router';
import type { FleetService } from '../fleet/fleet-service';
import type { InventoryService } from '../inventory/inventory-service';
import type { WorkspaceService } from './workspace-service';

type WorkspaceHandlers = Pick<InvokeHandlers, 'workspaces:list-workspaces' | 'workspaces:select-workspace'>;

/** The workspace channels; choosing a workspace also starts its fleet and inventory syncs and the fleet's refresh timer. */
export function createWorkspaceHandlers(deps: {
  workspaces: WorkspaceService;
  fleet: FleetService;
  inventory: Pick<InventoryService, 'sync'>;
  events: EventSink;
}): WorkspaceHandlers {
  return {
    'workspaces:list-workspaces': () => deps.workspaces.list(),
    'workspaces:select-workspace': async ({ id }) => {
      const workspace = await deps.workspaces.select(id);
      deps.fleet.refresh(id);
      deps.fleet.watch(id);
      deps.inventory.sync(id);
      deps.events.emit('workspaces:selection-changed', workspace);
      return workspace;
    },
  };
}
