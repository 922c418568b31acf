import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfoOf, bridge, unwrap } from '../../lib/api';
import { applyProgress } from './inventory-queries';

/** Refresh and Cancel for one workspace's inventory; their answer (progress) goes straight into the status. */
export function useInventorySync(workspaceId: string) {
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: () => unwrap(bridge().inventory.startSync({ workspaceId })),
    onSuccess: (progress) => applyProgress(client, progress),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(bridge().inventory.cancelSync({ workspaceId })),
    onSuccess: (progress) => applyProgress(client, progress),
  });
  const error = start.error ?? cancel.error;
  return {
    start: start.mutate,
    cancel: cancel.mutate,
    busy: start.isPending || cancel.isPending,
    error: error ? errorInfoOf(error) : null,
  };
}
