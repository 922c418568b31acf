import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { WorkspaceList } from '../../../../preload/contract/workspaces';
import { bridge, unwrap } from '../../lib/api';
import { toggleWatched, withSelected, withStatus } from './workspace-model';

/** Cache key of the workspace list (workspaces, selected, watched, states). */
export const WORKSPACES_KEY = ['workspaces'] as const;

/** The workspace list, kept in step with main's selection and status events. */
export function useWorkspaceList() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: WORKSPACES_KEY, queryFn: () => unwrap(bridge().workspaces.listWorkspaces({})) });
  useEffect(() => {
    const api = bridge().workspaces;
    const offSelection = api.onSelectionChanged((workspace) => {
      client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) => (old ? withSelected(old, workspace) : old));
    });
    const offStatus = api.onStatusChanged((status) => {
      client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) => (old ? withStatus(old, status) : old));
    });
    return () => {
      offSelection();
      offStatus();
    };
  }, [client]);
  return list;
}

/** Choosing the default workspace and the watched set; both answer with main's word and update the cache. */
export function useWorkspaceChoices() {
  const client = useQueryClient();
  const select = useMutation({
    mutationFn: (id: string) => unwrap(bridge().workspaces.selectWorkspace({ id })),
    onSuccess: (workspace) => client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) => (old ? withSelected(old, workspace) : old)),
  });
  const watch = useMutation({
    mutationFn: (ids: string[]) => unwrap(bridge().workspaces.watchWorkspaces({ ids })),
    // The tick shows at once; main's answer (or a refetch after a refusal) settles it.
    onMutate: (ids) => client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) => (old ? { ...old, watchedIds: ids } : old)),
    onSuccess: (list) => client.setQueryData(WORKSPACES_KEY, list),
    onError: () => void client.invalidateQueries({ queryKey: WORKSPACES_KEY }),
  });
  const toggle = (workspaceId: string): void => {
    const list = client.getQueryData<WorkspaceList>(WORKSPACES_KEY);
    if (list) watch.mutate(toggleWatched(list, workspaceId));
  };
  const unwatch = (workspaceId: string): void => {
    const list = client.getQueryData<WorkspaceList>(WORKSPACES_KEY);
    if (list?.watchedIds.includes(workspaceId)) watch.mutate(toggleWatched(list, workspaceId));
  };
  return { select, watch, toggle, unwatch };
}

/** "Sign in" / "Retry" on a workspace: main checks the credentials again and starts a sign-in where one is needed. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => unwrap(bridge().workspaces.signIn({ workspaceId })),
    // Main re-reads the workspace's fleet and inventory itself once its credentials work again.
    onSuccess: (status) => client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) => (old ? withStatus(old, status) : old)),
  });
}
