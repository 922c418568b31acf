import { describe, expect, it } from 'vitest';
import { contract } from '../../../../preload/contract/index';
import { createAuditHandlers } from '../../../../main/audit/audit-handlers';
import { createCommandHandlers } from '../../../../main/commands/command-handlers';
import { createRunbookHandlers } from '../../../../main/runbooks/runbook-handlers';
import { createFleetHandlers } from '../../../../main/fleet/fleet-handlers';
import { createInventoryHandlers, type InventoryHandlerDeps } from '../../../../main/inventory/inventory-handlers';
import { createLicenceHandlers } from '../../../../main/licences/licence-handlers';
import type { LicenceService } from '../../../../main/licences/licence-service';
import type { FleetService } from '../../../../main/fleet/fleet-service';
import { createSessionHandlers } from '../../../../main/sessions/session-handlers';
import type { SessionService } from '../../../../main/sessions/session-service';
import { createSystemHandlers } from '../../../../main/system/system-handlers';
import { createWorkspaceHandlers } from '../../../../main/workspaces/workspace-handlers';
import type { WorkspaceService } from '../../../../main/workspaces/workspace-service';

// The handler factories the core assembles; each must be listed here once.
function allHandlerNames(): string[] {
  const unused = {} as never;
  const groups = [
    createSystemHandlers({ appVersion: '0', platform: 'linux', openExternal: async () => {}, cacheRecovery: null }),
    createWorkspaceHandlers({ workspaces: unused as WorkspaceService, access: unused, mfa: unused, effects: unused }),
    createFleetHandlers(unused as FleetService),
    createSessionHandlers(unused as SessionService),
    createInventoryHandlers(unused as InventoryHandlerDeps),
    createLicenceHandlers(unused as LicenceService),
    createCommandHandlers(unused),
    createRunbookHandlers(unused),
    createAuditHandlers(unused),
  ];
  return groups.flatMap((group) => Object.keys(group));
}


describe('contract coverage', () => {
  it('has exactly one handler per invoke entry and no handler without an entry', () => {
    const names = allHandlerNames();
    const invokeChannels = Object.entries(contract)
      .filter(([, entry]) => entry.kind === 'invoke')
      .map(([channel]) => channel);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...invokeChannels].sort());
  });

  it('names every channel <capability>:<verb-noun> and every event with a past participle', () => {
    for (const [channel, entry] of Object.entries(contract)) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)+$/);
      if (entry.kind === 'event') expect(channel).toMatch(/-(changed|progressed|[a-z]+ed)$/);
    }
  });
});
