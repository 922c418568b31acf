import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CommandParameters, InvocationStatus, JobDetail, JobSummary, TargetSelection } from '../../../../preload/contract/commands';
import { bridge, unwrap } from '../../lib/api';
import { sharedSubscription } from '../../lib/shared-subscription';

/** Prefix of every Run Command query. */
export const COMMANDS_KEY = ['commands'] as const;
/** Jobs per history page. */
export const HISTORY_PAGE = 50;

export const jobKey = (jobId: string) => ['commands', 'job', jobId] as const;
export const groupsKey = (jobId: string) => ['commands', 'groups', jobId] as const;
export const invocationsKey = (jobId: string) => ['commands', 'invocations', jobId] as const;
export const historyKey = (workspaceId: string) => ['commands', 'jobs', workspaceId] as const;

/** Command documents of the workspace (main caches ListDocuments for a few minutes). */
export function useDocuments(workspaceId: string) {
  return useQuery({
    queryKey: ['commands', 'documents', workspaceId],
    queryFn: () => unwrap(bridge().commands.listDocuments({ workspaceId })),
    staleTime: 5 * 60_000,
  });
}

/** One document's parameters and steps; nothing until a document is picked. */
export function useDocument(workspaceId: string, name: string | null) {
  return useQuery({
    queryKey: ['commands', 'document', workspaceId, name],
    queryFn: () => unwrap(bridge().commands.describeDocument({ workspaceId, name: name ?? '' })),
    enabled: name !== null,
    staleTime: 5 * 60_000,
  });
}

/**
 * The resolved targets and main's field errors for what the form holds now. The last answer stays
 * painted while the next is on its way (`isPlaceholderData`), so the list never blanks on a keystroke.
 */
export function usePreview(workspaceId: string, targets: TargetSelection | null, documentName: string | null, parameters: CommandParameters | null) {
  return useQuery({
    queryKey: ['commands', 'preview', workspaceId, targets, documentName, parameters],
    queryFn: () =>
      unwrap(
        bridge().commands.previewTargets({
          workspaceId,
          targets: targets as TargetSelection,
          ...(documentName ? { documentName } : {}),
          ...(documentName && parameters ? { parameters } : {}),
        }),
      ),
    enabled: targets !== null,
    placeholderData: keepPreviousData,
    // The fleet cache behind it changes with every sync: a preview is read again when shown again.
    staleTime: 0,
    gcTime: 30_000,
  });
}

/** A job's detail; kept current by `commands:job-updated` (see useJobEvents). */
export function useJob(jobId: string) {
  return useQuery({ queryKey: jobKey(jobId), queryFn: () => unwrap(bridge().commands.getJob({ jobId })) });
}

/** Identical results grouped, outliers first. */
export function useOutputGroups(jobId: string) {
  return useQuery({
    queryKey: groupsKey(jobId),
    queryFn: () => unwrap(bridge().commands.getOutputGroups({ jobId })),
    placeholderData: keepPreviousData,
  });
}

/** One window of a job's per-node rows, optionally of one status. */
export function useInvocationWindow(jobId: string, status: InvocationStatus | null, offset: number, limit: number) {
  return useQuery({
    queryKey: [...invocationsKey(jobId), status, offset, limit],
    queryFn: () => unwrap(bridge().commands.listInvocations({ jobId, offset, limit, ...(status ? { status } : {}) })),
    placeholderData: keepPreviousData,
  });
}

/** Job history of a workspace, newest first, one page of HISTORY_PAGE after another. */
export function useJobHistory(workspaceId: string) {
  return useInfiniteQuery({
    queryKey: historyKey(workspaceId),
    queryFn: ({ pageParam }) => unwrap(bridge().commands.listJobs({ workspaceId, limit: HISTORY_PAGE, ...(pageParam === null ? {} : { before: pageParam }) })),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.more && last.jobs.length > 0 ? (last.jobs[last.jobs.length - 1]?.requestedAt ?? null) : null),
  });
}

/** Puts a job summary from an event into the cached detail, leaving the fields only the detail has. */
export function applyJobUpdate(client: QueryClient, summary: JobSummary): void {
  client.setQueryData<JobDetail>(jobKey(summary.jobId), (old) => (old ? { ...old, ...summary } : old));
  client.setQueriesData<{ pages: Array<{ jobs: JobSummary[]; more: boolean }>; pageParams: unknown[] }>({ queryKey: ['commands', 'jobs'] }, (old) =>
    old ? { ...old, pages: old.pages.map((page) => ({ ...page, jobs: page.jobs.map((job) => (job.jobId === summary.jobId ? summary : job)) })) } : old,
  );
}

// One subscription for the window however many job views are open, so an update refetches once.
const follow = sharedSubscription((client) => {
  const known = new Set<string>();
  return bridge().commands.onJobUpdated((summary) => {
    applyJobUpdate(client, summary);
    // Rows and groups follow the counts; main sends at most a few updates a second per job.
    void client.invalidateQueries({ queryKey: groupsKey(summary.jobId) });
    void client.invalidateQueries({ queryKey: invocationsKey(summary.jobId) });
    // A job history has not seen yet (sent from a runbook, or by another window) needs a re-read.
    if (!known.has(summary.jobId) || summary.finishedAt !== null) void client.invalidateQueries({ queryKey: ['commands', 'jobs'] });
    known.add(summary.jobId);
  });
});

/** Follows `commands:job-updated` for as long as the calling view is mounted. */
export function useJobEvents(): void {
  const client = useQueryClient();
  useEffect(() => follow(client), [client]);
}
