import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RunbookProblem, Runbook } from '../../../../preload/contract/runbooks';
import { bridge, unwrap } from '../../lib/api';

/** Every runbook query of the screen starts with this key. */
export const RUNBOOKS_ROOT = ['runbooks'] as const;

export interface RunbookList {
  runbooks: Runbook[];
  problems: RunbookProblem[];
  userFolder: string;
}

function listKey(workspaceId: string) {
  return [...RUNBOOKS_ROOT, 'list', workspaceId] as const;
}

/** Built-in and user runbooks for the workspace, with the problems found in their files. */
export function useRunbookList(workspaceId: string) {
  return useQuery({
    queryKey: listKey(workspaceId),
    queryFn: (): Promise<RunbookList> => unwrap(bridge().runbooks.listRunbooks({ workspaceId })),
  });
}

/** Re-reads the runbook folders; the answer replaces the list at once (no second round trip). */
export function useRunbookReload(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<RunbookList> => unwrap(bridge().runbooks.reloadRunbooks({ workspaceId })),
    onSuccess: (list) => client.setQueryData(listKey(workspaceId), list),
  });
}

/** A job that came from a runbook changed: its card's last run follows without polling. */
export function useLastRunFollower(workspaceId: string): void {
  const client = useQueryClient();
  useEffect(
    () =>
      bridge().commands.onJobUpdated((job) => {
        if (job.source.kind !== 'runbook' || job.workspaceId !== workspaceId) return;
        const runbookId = job.source.runbookId;
        client.setQueryData<RunbookList>(listKey(workspaceId), (old) =>
          old
            ? {
                ...old,
                runbooks: old.runbooks.map((r) =>
                  r.id === runbookId && (!r.lastRun || r.lastRun.at <= job.requestedAt)
                    ? { ...r, lastRun: { jobId: job.jobId, at: job.requestedAt, status: job.status, statusDetails: job.statusDetails } }
                    : r,
                ),
              }
            : old,
        );
      }),
    [client, workspaceId],
  );
}
