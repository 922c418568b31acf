import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../../preload/contract/define';
import type { SyncState } from '../../../preload/contract/fleet';
import type { WorkspaceStatus } from '../../../preload/contract/workspaces';
import { createCore, type Core } from '../../../main/core';

/** A core as the app runs it, with everything it says to the renderer and its logs kept for inspection. */
export interface CoreUnderTest {
  core: Core;
  dir: string;
  home: string;
  /** Every event and every answer the renderer could see, as JSON text. */
  seen: string[];
  logs: string[];
  opened: string[];
  call<T>(channel: string, payload: unknown): Promise<T>;
  /** Resolves with the first event on `channel` whose payload passes `test` (events from now on). */
  next<T>(channel: string, test: (payload: T) => boolean): Promise<T>;
  /** Waits until the workspace's fleet sync ended (succeeded or failed), started by whatever. */
  syncEnded(workspaceId: string): Promise<SyncState>;
  status(workspaceId: string, state: WorkspaceStatus['state']): Promise<WorkspaceStatus>;
  close(): Promise<void>;
}

const trusted = { trusted: true, label: 'test' };

export async function startCore(options: { env?: (home: string) => NodeJS.ProcessEnv; nodes?: number; trainingPort?: number } = {}): Promise<CoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-accounts-'));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const seen: string[] = [];
  const logs: string[] = [];
  const opened: string[] = [];
  const env = options.env?.(home) ?? { HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') };
  const core = await createCore({
    userDataDir: join(dir, 'user-data'),
    appVersion: '0.0.0-test',
    platform: 'linux',
    openExternal: async (url) => {
      opened.push(url);
    },
    env,
    trainingFleet: { nodes: options.nodes ?? 40, seed: 5, ...(options.trainingPort ? { port: options.trainingPort } : {}) },
    log: (message, detail) => logs.push(`${message} ${detail instanceof Error ? `${detail.message} ${detail.stack ?? ''}` : JSON.stringify(detail ?? '')}`),
    refreshIntervalMs: 3_600_000,
  });
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  core.router.subscribe((channel, payload) => {
    seen.push(`${channel} ${JSON.stringify(payload)}`);
    for (const listener of [...listeners]) listener(channel, payload);
  });
  const lastSync = new Map<string, SyncState>();
  const statuses = new Map<string, WorkspaceStatus>();
  listeners.add((channel, payload) => {
    if (channel === 'fleet:sync-progressed') lastSync.set((payload as SyncState).workspaceId, payload as SyncState);
    if (channel === 'workspaces:status-changed') statuses.set((payload as WorkspaceStatus).workspaceId, payload as WorkspaceStatus);
  });

  const next = <T>(channel: string, test: (payload: T) => boolean): Promise<T> =>
    new Promise((resolve) => {
      const listener = (c: string, payload: unknown): void => {
        if (c !== channel || !test(payload as T)) return;
        listeners.delete(listener);
        resolve(payload as T);
      };
      listeners.add(listener);
    });

  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = (await core.router.handle(channel, trusted, payload)) as Result<T>;
    seen.push(`${channel} ${JSON.stringify(result)}`);
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { info: result.error });
    return result.value;
  };

  return {
    core,
    dir,
    home,
    seen,
    logs,
    opened,
    call,
    next,
    syncEnded: async (workspaceId) => {
      const ended = (s: SyncState): boolean => s.workspaceId === workspaceId && (s.phase === 'succeeded' || s.phase === 'failed');
      const waiting = next<SyncState>('fleet:sync-progressed', ended);
      const summary = await call<{ syncs: SyncState[] }>('fleet:get-summary', { workspaceIds: [workspaceId] });
      const known = summary.syncs[0];
      if (known && ended(known)) return known;
      return waiting;
    },
    status: async (workspaceId, state) => {
      const waiting = next<WorkspaceStatus>('workspaces:status-changed', (s) => s.workspaceId === workspaceId && s.state === state);
      const list = await call<{ statuses: WorkspaceStatus[] }>('workspaces:list-workspaces', {});
      const known = list.statuses.find((s) => s.workspaceId === workspaceId);
      if (known?.state === state) return known;
      return waiting;
    },
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
