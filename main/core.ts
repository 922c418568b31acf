import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../preload/contract/index';
import type { KMSClient } from '@aws-sdk/client-kms';
import { createActorResolver, localOperator, trainingPrincipal } from './audit/audit-actor';
import { createAuditHandlers, forwardAuditEntries } from './audit/audit-handlers';
import { AuditLog } from './audit/audit-log';
import { createAuditRecorder } from './audit/audit-recorder';
import { createKmsClient } from './aws/kms-client-factory';
import { createCommandHandlers } from './commands/command-handlers';
import { CommandService } from './commands/command-service';
import { createCommandStore } from './commands/command-store';
import { createSsmClient } from './aws/ssm-client-factory';
import type { SyncState } from '../preload/contract/fleet';
import { createFleetHandlers } from './fleet/fleet-handlers';
import { FleetService, type WorkspaceClient } from './fleet/fleet-service';
import { createFleetStore } from './fleet/fleet-store';
import { createInventoryHandlers } from './inventory/inventory-handlers';
import { InventoryService } from './inventory/inventory-service';
import { createInventoryStore } from './inventory/inventory-store';
import { createRouter, type EventSink, type Router } from './ipc/router';
import { createLicenceHandlers } from './licences/licence-handlers';
import { createLicenceService } from './licences/licence-service';
import { builtinRunbooksFolder, userRunbooksFolder } from './runbooks/runbook-folders';
import { createRunbookHandlers } from './runbooks/runbook-handlers';
import { RunbookService } from './runbooks/runbook-service';
import { createDataChannel } from './sessions/data-channel-factory';
import type { SessionClients } from './sessions/session-aws';
import { createSessionHandlers } from './sessions/session-handlers';
import { SessionService } from './sessions/session-service';
import { createSessionStore } from './sessions/session-store';
import { startSimulator, type RunningSimulator } from './simulator/server';
import { Store } from './store/store';
import { createSystemHandlers } from './system/system-handlers';
import { createWorkspaceHandlers } from './workspaces/workspace-handlers';
import { WorkspaceService, type TrainingEndpoint } from './workspaces/workspace-service';

/** Everything the app's main side needs from its host (Electron, or the test host). */
export interface CoreOptions {
  userDataDir: string;
  appVersion: string;
  platform: string;
  openExternal: (url: string) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  /** Size and seed of the in-process training fleet. */
  trainingFleet?: { nodes: number; seed: number };
  /** Where refused requests and defects are logged. */
  log?: (message: string, detail?: unknown) => void;
  refreshIntervalMs?: number;
  /** How often the selected workspace's inventory is re-synced (default 30 minutes). */
  inventoryRefreshMs?: number;
}

/** The assembled main side: a router over every capability, and an orderly shutdown. */
export interface Core {
  router: Router;
  /** What the store did at start-up (a corrupt or too-new cache moved aside), for the logs. */
  storeRecovery: Store['recovery'];
  /** The in-process training fleet once started (null before): tests drive its fault controls. */
  trainingFleet(): Promise<RunningSimulator | null>;
  close(): Promise<void>;
}

const DEFAULT_TRAINING_FLEET = { nodes: 1500, seed: 7 };
// Inventory changes slowly (the agent collects it every 30 minutes at most by default).
const DEFAULT_INVENTORY_REFRESH_MS = 30 * 60_000;

/** Opens the store, wires services to the router; no Electron in here, so tests run it as is. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env;
  mkdirSync(options.userDataDir, { recursive: true });
  // The audit log is the operator's record, not cache: its own file beside cache.db, opened first so
  // a log that cannot be opened stops the start-up before anything could act unrecorded.
  const audit = await AuditLog.open({ file: join(options.userDataDir, 'audit.jsonl'), ...(options.log ? { log: options.log } : {}) });
  const store = await Store.open({ file: join(options.userDataDir, 'cache.db') }).catch(async (error: unknown) => {
    await audit.close();
    throw error;
  });

  let simulator: Promise<RunningSimulator> | null = null;
  const training = async (): Promise<TrainingEndpoint> => {
    // Started on first use and only on 127.0.0.1: the training fleet is never reachable from outside.
    simulator ??= startSimulator({ ...DEFAULT_TRAINING_FLEET, ...options.trainingFleet, port: 0 });
    const sim = await simulator;
    return { endpoint: sim.endpoint, region: sim.region, accountId: sim.accountId, credentials: sim.credentials };
  };

  const workspaces = new WorkspaceService({
    env,
    training,
    loadSelection: async () => {
      const value = await store.run('settings', 'get', { key: 'workspace.selected' });
      return typeof value === 'string' ? value : null;
    },
    saveSelection: async (id) => {
      await store.run('settings', 'set', { key: 'workspace.selected', value: id });
    },
  });

  const operator = localOperator();
  const resolveActor = createActorResolver({
    operator,
    describe: async (workspaceId) => {
      const resolved = await workspaces.resolve(workspaceId);
      // Profiles: '' until STS GetCallerIdentity is wired (the accounts issue); the view says "identity not known".
      const principal = resolved.target.kind === 'training' ? trainingPrincipal(resolved.accountId) : '';
      return { accountId: resolved.accountId, region: resolved.target.region, principal };
    },
  });
  const recordAudit = createAuditRecorder(audit, resolveActor, operator);

  const clients = new Map<string, Promise<WorkspaceClient>>();
  const clientFor = (workspaceId: string): Promise<WorkspaceClient> => {
    let client = clients.get(workspaceId);
    if (!client) {
      client = workspaces.resolve(workspaceId).then((resolved) => ({
        ssm: createSsmClient(resolved.target),
        accountId: resolved.accountId,
        region: resolved.target.region,
        ...(resolved.target.kind === 'training' ? { endpoint: resolved.target.endpoint } : {}),
      }));
      // A failed resolution (profile removed) must not stick: the next sync tries again.
      client.catch(() => clients.delete(workspaceId));
      clients.set(workspaceId, client);
    }
    return client;
  };

  // KMS for encrypted sessions uses the workspace's credentials, region and endpoint (§8 of the protocol sheet).
  const kmsClients = new Map<string, Promise<KMSClient>>();
  const kmsFor = (workspaceId: string): Promise<KMSClient> => {
    let kms = kmsClients.get(workspaceId);
    if (!kms) {
      kms = workspaces.resolve(workspaceId).then((resolved) => createKmsClient(resolved.target));
      kms.catch(() => kmsClients.delete(workspaceId));
      kmsClients.set(workspaceId, kms);
    }
    return kms;
  };
  const sessionClientsFor = async (workspaceId: string): Promise<SessionClients> => {
    const [client, kms] = await Promise.all([clientFor(workspaceId), kmsFor(workspaceId)]);
    return { ssm: client.ssm, kms, ...(client.endpoint ? { endpoint: client.endpoint } : {}) };
  };

  // Services emit before the router exists; forward through a late-bound sink.
  let router: Router | null = null;
  let retryInventoryAfterFleet: (state: SyncState) => void = () => {};
  const events: EventSink = {
    emit: (channel, payload) => {
      if (channel === 'fleet:sync-progressed') retryInventoryAfterFleet(payload as SyncState);
      router?.emit(channel, payload);
    },
  };
  forwardAuditEntries(audit, events);
  const fleet = new FleetService({
    store: createFleetStore(store),
    clientFor,
    events,
    ...(options.refreshIntervalMs ? { refreshIntervalMs: options.refreshIntervalMs } : {}),
  });

  const sessions = new SessionService({
    store: createSessionStore(store),
    clientsFor: sessionClientsFor,
    events,
    createChannel: createDataChannel,
    operator,
    audit: recordAudit,
    ...(options.log ? { log: options.log } : {}),
  });
  const inventoryStore = createInventoryStore(store);
  const inventory = new InventoryService({
    store: inventoryStore,
    clientFor,
    onProgress: (progress) => events.emit('inventory:sync-progressed', progress),
  });

  // The network (or the credentials) came back: an inventory sync that failed meanwhile is tried again
  // now rather than at the next timer, so the offline banner does not outlive the outage by 30 minutes.
  retryInventoryAfterFleet = (state) => {
    if (state.phase === 'succeeded' && inventory.state(state.workspaceId).phase === 'failed') inventory.sync(state.workspaceId);
  };

  const licences = createLicenceService({ store, userDataDir: options.userDataDir, audit: recordAudit, ...(options.log ? { log: options.log } : {}) });

  // Run Command jobs; a job a previous run left unfinished is tracked again below (its commands may still run in AWS).
  const commands: CommandService = new CommandService({
    ssmFor: async (workspaceId) => (await clientFor(workspaceId)).ssm,
    store: createCommandStore(store),
    emit: (job) => events.emit('commands:job-updated', job),
    audit,
    actorFor: resolveActor,
    // Called only once the app runs, when `runbooks` below exists.
    rerunGuard: (job) => runbooks.rerunRules(job),
    ...(options.log ? { log: options.log } : {}),
  });

  // Runbooks run through Run Command; the operator's own files live beside the cache, never in it.
  const runbooks: RunbookService = new RunbookService({
    folders: { builtin: builtinRunbooksFolder(), user: userRunbooksFolder(options.userDataDir) },
    commands,
    audit,
    actorFor: resolveActor,
    ...(options.log ? { log: options.log } : {}),
  });

  // Records a crashed run left open get a reason now, so the sessions view does not list them as active.
  await sessions.recoverInterrupted().catch((error: unknown) => options.log?.('could not mark interrupted session records', error));

  router = createRouter(
    contract,
    {
      ...createSystemHandlers({ ...options, cacheRecovery: store.recovery }),
      ...createWorkspaceHandlers({ workspaces, fleet, inventory, events, audit: recordAudit }),
      ...createFleetHandlers(fleet),
      ...createSessionHandlers(sessions),
      ...createLicenceHandlers(licences),
      ...createCommandHandlers(commands),
      ...createRunbookHandlers(runbooks),
      ...createAuditHandlers(audit),
      ...createInventoryHandlers({
        inventory,
        store: inventoryStore,
        rawStore: store,
        labels: async () => new Map((await workspaces.list()).workspaces.map((w) => [w.id, w.label])),
        fleetError: (id) => {
          const state = fleet.syncState(id);
          return state.phase === 'failed' ? state.error : null;
        },
      }),
    },
    options.log ? { log: options.log } : {},
  );

  await commands.resume().catch((error: unknown) => options.log?.('could not resume tracking of unfinished Run Command jobs', error));

  const selected = await workspaces.selectedWorkspaceId();
  fleet.refresh(selected, 'timer');
  fleet.watch(selected);
  inventory.sync(selected);
  // The timer follows whichever workspace is selected at the time it fires.
  const inventoryTimer = setInterval(() => {
    void workspaces.selectedWorkspaceId().then((id) => inventory.sync(id), (error: unknown) => options.log?.('inventory refresh skipped', error));
  }, options.inventoryRefreshMs ?? DEFAULT_INVENTORY_REFRESH_MS);
  inventoryTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    router,
    storeRecovery: store.recovery,
    trainingFleet: async () => (simulator ? await simulator : null),
    close: () =>
      (closing ??= (async () => {
        clearInterval(inventoryTimer);
        // Run Command tracking first: a poll cycle under way writes its rows before the store closes.
        await commands.close();
        // Sessions first: their close records must reach the store before it closes.
        await sessions.close();
        await inventory.close();
        await fleet.close();
        await licences.close();
        for (const client of clients.values()) (await client.catch(() => null))?.ssm.destroy();
        for (const kms of kmsClients.values()) (await kms.catch(() => null))?.destroy();
        if (simulator) await (await simulator).close();
        // After every writer above: the last entries (sessions closed at quit) are on disk first.
        await audit.close();
        await store.close();
      })()),
  };
}
