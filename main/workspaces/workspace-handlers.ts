import type { AuditRecorder } from '../audit/audit-recorder';
import { asAppError } from '../errors/app-error';
import type { InvokeHandlers } from '../ipc/router';
import type { MfaBroker } from './mfa-broker';
import type { WorkspaceAccess } from './workspace-access';
import type { WorkspaceService } from './workspace-service';

type WorkspaceHandlers = Pick<
  InvokeHandlers,
  | 'workspaces:list-workspaces'
  | 'workspaces:select-workspace'
  | 'workspaces:watch-workspaces'
  | 'workspaces:sign-in'
  | 'workspaces:cancel-sign-in'
  | 'workspaces:open-sign-in-page'
  | 'workspaces:answer-mfa'
  | 'workspaces:list-prompts'
>;

/** What choosing workspaces sets in motion: syncs, timers and identity checks (wired by the core). */
export interface WorkspaceEffects {
  /** Workspaces newly watched (or the new default): check identity, sync fleet and inventory. */
  started(ids: string[]): void;
  /** The watched set changed: timers follow it. */
  watchedChanged(ids: string[]): void;
  selectionChanged(workspace: Awaited<ReturnType<WorkspaceService['select']>>): void;
}

/** The workspace channels. */
export function createWorkspaceHandlers(deps: {
  workspaces: WorkspaceService;
  access: WorkspaceAccess;
  mfa: MfaBroker;
  effects: WorkspaceEffects;
  /** Records choices as `settings.changed` (and a refused one as failed). */
  audit?: AuditRecorder;
}): WorkspaceHandlers {
  const record = async (workspaceId: string | null, summary: string, detail: Record<string, unknown>, error?: unknown): Promise<void> => {
    await deps.audit?.(workspaceId, {
      action: 'settings.changed',
      summary,
      targets: [],
      detail,
      outcome: error ? 'failed' : 'succeeded',
      error: error ? asAppError(error).message : null,
    });
  };

  return {
    'workspaces:list-workspaces': () => deps.workspaces.list(),
    'workspaces:select-workspace': async ({ id }) => {
      const previous = await deps.workspaces.selectedWorkspaceId().catch(() => null);
      const watchedBefore = await deps.workspaces.watched().catch(() => [] as string[]);
      let workspace;
      try {
        workspace = await deps.workspaces.select(id);
      } catch (error) {
        // The actor's workspace is the one in force: the one asked for may not exist.
        await record(previous, `Workspace ${id} not selected`, { setting: 'workspace.selected', value: id, previous }, error);
        throw error;
      }
      await record(id, `Workspace selected: ${workspace.label}`, { setting: 'workspace.selected', value: id, previous });
      const watched = await deps.workspaces.watched();
      deps.effects.watchedChanged(watched);
      deps.effects.started(watchedBefore.includes(id) ? [] : [id]);
      deps.effects.selectionChanged(workspace);
      return workspace;
    },
    'workspaces:watch-workspaces': async ({ ids }) => {
      const selected = await deps.workspaces.selectedWorkspaceId().catch(() => null);
      let result;
      try {
        result = await deps.workspaces.watch(ids);
      } catch (error) {
        await record(selected, 'Watched workspaces not changed', { setting: 'workspace.watched', value: ids }, error);
        throw error;
      }
      if (result.added.length > 0 || result.removed.length > 0) {
        await record(selected, `Watching ${result.list.watchedIds.length} workspace(s)`, {
          setting: 'workspace.watched',
          value: result.list.watchedIds,
          added: result.added,
          removed: result.removed,
        });
      }
      deps.effects.watchedChanged(result.list.watchedIds);
      deps.effects.started(result.added);
      return result.list;
    },
    'workspaces:sign-in': ({ workspaceId }) => deps.access.signIn(workspaceId),
    'workspaces:cancel-sign-in': ({ workspaceId }) => deps.access.cancel(workspaceId),
    'workspaces:open-sign-in-page': async ({ workspaceId }) => {
      await deps.access.reopen(workspaceId);
      return {};
    },
    'workspaces:list-prompts': () => ({ mfa: deps.mfa.open(), signIns: deps.access.open() }),
    'workspaces:answer-mfa': (answer) => {
      deps.mfa.answer(answer);
      return {};
    },
  };
}
