import type { InvokeHandlers } from '../ipc/router';
import type { FleetService } from './fleet-service';

type FleetHandlers = Pick<
  InvokeHandlers,
  | 'fleet:list-nodes'
  | 'fleet:get-summary'
  | 'fleet:refresh-nodes'
  | 'fleet:cancel-refresh'
  | 'fleet:read-mirror'
  | 'fleet:read-mirror-order'
  | 'fleet:note-typing'
>;

/** The fleet channels: the only code that sees fleet IPC. */
export function createFleetHandlers(fleet: FleetService): FleetHandlers {
  return {
    'fleet:list-nodes': (query) => fleet.listNodes(query),
    'fleet:get-summary': ({ workspaceIds }) => fleet.summary(workspaceIds),
    // Each workspace's sync starts (or is joined) on its own; the answer keeps the order asked.
    'fleet:refresh-nodes': ({ workspaceIds }) => ({ syncs: workspaceIds.map((id) => fleet.refresh(id)) }),
    'fleet:cancel-refresh': ({ workspaceIds }) => ({ syncs: workspaceIds.map((id) => fleet.cancel(id)) }),
    'fleet:read-mirror': (request) => fleet.readMirror(request),
    'fleet:read-mirror-order': (request) => fleet.readMirrorOrder(request),
    'fleet:note-typing': () => {
      fleet.noteTyping();
      return {};
    },
  };
}
