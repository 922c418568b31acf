import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CsvImportResult, Licence, LicenceInput, LicenceList } from '../../../../preload/contract/licences';
import { bridge, unwrap } from '../../lib/api';

/** Every licence query of the screen starts with this key. */
const ROOT = ['licences'] as const;

/** Licences with used counts in the given workspaces. */
export function useLicenceList(workspaceIds: string[]) {
  return useQuery({
    queryKey: [...ROOT, 'list', workspaceIds],
    queryFn: (): Promise<LicenceList> => unwrap(bridge().licences.listLicences({ workspaceIds })),
  });
}

/** Normalised products in the inventory cache, for the product picker. */
export function useLicenceProducts(workspaceIds: string[], enabled: boolean) {
  return useQuery({
    queryKey: [...ROOT, 'products', workspaceIds],
    queryFn: async () => (await unwrap(bridge().licences.listProducts({ workspaceIds }))).products,
    enabled,
  });
}

/** Save, delete and import, each refreshing the counts when it lands. */
export function useLicenceMutations() {
  const client = useQueryClient();
  const refresh = (): Promise<void> => client.invalidateQueries({ queryKey: ROOT });
  const save = useMutation({
    mutationFn: ({ id, licence }: { id?: string; licence: LicenceInput }): Promise<Licence> =>
      unwrap(bridge().licences.saveLicence(id ? { id, licence } : { licence })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(bridge().licences.deleteLicence({ id })),
    onSuccess: refresh,
  });
  const importCsv = useMutation({
    mutationFn: (text: string): Promise<CsvImportResult> => unwrap(bridge().licences.importCsv({ text })),
    onSuccess: refresh,
  });
  return { save, remove, importCsv };
}

// A cancelled or failed sync may still have written some nodes' inventory before it stopped.
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** Used counts follow the inventory: re-read them when a sync of a shown workspace ends, however it ends. */
export function useRecountOnSync(workspaceIds: string[]): void {
  const client = useQueryClient();
  const key = workspaceIds.join('\u0000');
  useEffect(
    () =>
      bridge().inventory.onSyncProgressed((progress) => {
        if (FINISHED.has(progress.phase) && key.split('\u0000').includes(progress.workspaceId)) {
          void client.invalidateQueries({ queryKey: ROOT });
        }
      }),
    [client, key],
  );
}
