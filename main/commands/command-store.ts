import type { FleetPage, FleetQuery } from '../../preload/contract/fleet';
import type { Invocation, InvocationStatus, JobDetail, JobSummary, OutputGroup } from '../../preload/contract/commands';
import type { Store } from '../store/store';
import type { JobCommand, JobStop, StoredJob, TargetNode } from './command-repo';

/** What Run Command needs from the store; the app binds it to the command and fleet repos in the worker. */
export interface CommandStore {
  targetNodes(workspaceId: string, instanceIds: string[]): Promise<{ nodes: TargetNode[]; unknown: string[] }>;
  tagNodes(workspaceId: string, filters: Array<{ key: string; values: string[] }>): Promise<TargetNode[]>;
  tagsUnread(workspaceId: string, instanceIds: string[]): Promise<string[]>;
  /** The fleet grid's own query, so a filter resolves to exactly the nodes the grid lists. */
  listFleet(query: FleetQuery): Promise<FleetPage>;
  nodeInfo(workspaceId: string, instanceIds: string[]): Promise<Record<string, { name: string; platformType: string }>>;
  /** When the workspace's fleet cache last finished a complete sync (epoch ms), null if never. */
  fleetSyncedAt(workspaceId: string): Promise<number | null>;
  insertJob(job: JobDetail, rows: Invocation[]): Promise<void>;
  saveProgress(
    job: Pick<JobSummary, 'jobId' | 'status' | 'statusDetails' | 'phase' | 'counts' | 'finishedAt' | 'trackingError'>,
    stopped: JobStop,
    rows: Invocation[],
  ): Promise<void>;
  saveCommand(jobId: string, command: JobCommand): Promise<void>;
  listJobs(params: { workspaceId?: string; before?: number; limit: number }): Promise<{ jobs: JobSummary[]; more: boolean }>;
  getJob(jobId: string): Promise<StoredJob | null>;
  lastJobForRunbook(runbookId: string): Promise<JobSummary | null>;
  unfinishedJobIds(): Promise<string[]>;
  listInvocations(params: { jobId: string; status?: InvocationStatus; offset: number; limit: number }): Promise<{ rows: Invocation[]; total: number }>;
  getInvocation(jobId: string, instanceId: string): Promise<Invocation | null>;
  allInvocations(jobId: string): Promise<Invocation[]>;
  outputGroups(jobId: string): Promise<OutputGroup[]>;
}

const interactive = { priority: 'interactive' } as const;

/** Binds Run Command's store needs to the repos running in the store worker. */
export function createCommandStore(store: Store): CommandStore {
  return {
    targetNodes: (workspaceId, instanceIds) => store.run('commands', 'targetNodes', { workspaceId, instanceIds }, interactive),
    tagNodes: (workspaceId, filters) => store.run('commands', 'tagNodes', { workspaceId, filters }, interactive),
    tagsUnread: (workspaceId, instanceIds) => store.run('commands', 'tagsUnread', { workspaceId, instanceIds }, interactive),
    listFleet: (query) => store.run('fleet', 'listNodes', query, interactive),
    nodeInfo: (workspaceId, instanceIds) => store.run('commands', 'nodeInfo', { workspaceId, instanceIds }),
    fleetSyncedAt: async (workspaceId) => (await store.run('fleet', 'syncRecord', { workspaceId }, interactive)).lastSyncedAt,
    insertJob: async (job, rows) => {
      await store.run('commands', 'insertJob', { job, rows });
    },
    saveProgress: async (job, stopped, rows) => {
      await store.run('commands', 'saveProgress', { job, stopped, rows });
    },
    saveCommand: async (jobId, command) => {
      await store.run('commands', 'saveCommand', { jobId, command });
    },
    listJobs: (params) => store.run('commands', 'listJobs', params, interactive),
    getJob: (jobId) => store.run('commands', 'getJob', { jobId }, interactive),
    lastJobForRunbook: (runbookId) => store.run('commands', 'lastJobForRunbook', { runbookId }, interactive),
    unfinishedJobIds: () => store.run('commands', 'unfinishedJobIds', {}),
    listInvocations: (params) => store.run('commands', 'listInvocations', params, interactive),
    getInvocation: (jobId, instanceId) => store.run('commands', 'getInvocation', { jobId, instanceId }, interactive),
    allInvocations: (jobId) => store.run('commands', 'allInvocations', { jobId }),
    outputGroups: (jobId) => store.run('commands', 'outputGroups', { jobId }, interactive),
  };
}
