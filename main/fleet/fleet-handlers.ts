import type { InvokeHandlers } from '../ipc/router';
import type { FleetService } from './fleet-service';

type FleetHandlers = Pick<InvokeHandlers, 'fleet:list-nodes' | 'fleet:get-summary' | 'fleet:refresh-nodes' | 'fleet:cancel-refresh'>;

/** The fleet channels: the only code that sees fleet IPC. */
export function createFleetHandlers(fleet: FleetService): FleetHandlers {
  return {
    'fleet:list-nodes': (query) => fleet.listNodes(query),
    'fleet:get-summary': ({ workspaceId }) => fleet.summary(workspaceId),
    'fleet:refresh-nodes': ({ workspaceId }) => fleet.refresh(workspaceId),
    'fleet:cancel-refresh': ({ workspaceId }) => fleet.cancel(workspaceId),
  };
}
