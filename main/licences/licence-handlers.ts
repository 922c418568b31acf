import type { InvokeHandlers } from '../ipc/router';
import type { LicenceService } from './licence-service';

type LicenceHandlers = Pick<
  InvokeHandlers,
  | 'licences:list-licences'
  | 'licences:save-licence'
  | 'licences:delete-licence'
  | 'licences:list-products'
  | 'licences:import-csv'
  | 'licences:list-nodes'
>;

/** The licence channels: the only code that sees licence IPC. */
export function createLicenceHandlers(licences: LicenceService): LicenceHandlers {
  return {
    'licences:list-licences': ({ workspaceIds }) => licences.list(workspaceIds),
    'licences:save-licence': ({ id, licence }) => licences.save(id, licence),
    'licences:delete-licence': ({ id }) => licences.delete(id),
    'licences:list-products': async ({ workspaceIds }) => ({ products: await licences.products(workspaceIds) }),
    'licences:import-csv': ({ text }) => licences.importCsv(text),
    'licences:list-nodes': (request) => licences.nodes(request),
  };
}
