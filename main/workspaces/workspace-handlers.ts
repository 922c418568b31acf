import type { AuditRecorder } from '../audit/audit-recorder';
import { asAppError } from '../errors/app-error';
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
  /** Records the choice as `settings.changed` (and a refused one as failed). */
  audit?: AuditRecorder;
}): WorkspaceHandlers {
  return {
    'workspaces:list-workspaces': () => deps.workspaces.list(),
    'workspaces:select-workspace': async ({ id }) => {
      const previous = await deps.workspaces.selectedWorkspaceId().catch(() => null);
      let workspace;
      try {
        workspace = await deps.workspaces.select(id);
      } catch (error) {
        // The actor's workspace is the one in force: the one asked for may not exist.
        await deps.audit?.(previous, {
          action: 'settings.changed',
          summary: `Workspace ${id} not selected`,
          targets: [],
          detail: { setting: 'workspace.selected', value: id, previous },
          outcome: 'failed',
          error: asAppError(error).message,
        });
        throw error;
      }
      await deps.audit?.(id, {
        action: 'settings.changed',
        summary: `Workspace selected: ${workspace.label}`,
        targets: [],
        detail: { setting: 'workspace.selected', value: id, previous },
        outcome: 'succeeded',
        error: null,
      });
      deps.fleet.refresh(id);
      deps.fleet.watch(id);
      deps.inventory.sync(id);
      deps.events.emit('workspaces:selection-changed', workspace);
      return workspace;
    },
  };
}
