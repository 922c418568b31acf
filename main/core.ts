import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../preload/contract/index';
import { createActorResolver, localOperator, trainingPrincipal } from './audit/audit-actor';
import { createAuditHandlers, forwardAuditEntries } from './audit/audit-handlers';
import { AuditLog } from './audit/audit-log';
import { createAuditRecorder } from './audit/audit-recorder';
import { createCommandHandlers } from './commands/command-handlers';
import { CommandService } from './commands/command-service';
import { createCommandStore } from './commands/command-store';
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
import { createWorkspaceHandlers, type WorkspaceEffects } from './workspaces/workspace-handlers';
import { MfaBroker } from './workspaces/mfa-broker';
import { WorkspaceAccess } from './workspaces/workspace-access';
import { profileOfWorkspaceId, WorkspaceService, type TrainingEndpoint } from './workspaces/workspace-service';
import { WorkspaceStatusBoard } from './workspaces/workspace-status';
import { createAwsAccess, type WorkspaceClients } from './workspaces/workspace-clients';

/** Everything the app's main side needs from its host (Electron, or the test host). */
export interface CoreOptions {
  userDataDir: string;
  appVersion: string;
  platform: string;
  openExternal: (url: string) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  /** Size and seed of the in-process training fleet, and its loopback port (default: any free one). */
  trainingFleet?: { nodes: number; seed: number; port?: number };
  /** Attempts per SSM call, retries included (default 5, adaptive): tests lower it so a throttled sync gives up in seconds. */
  awsMaxAttempts?: number;
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
    if (!simulator) {
      // Started on first use and only on 127.0.0.1: the training fleet is never reachable from outside.
      const starting = startSimulator({ port: 0, ...DEFAULT_TRAINING_FLEET, ...options.trainingFleet });
      simulator = starting;
      // A failed start (its port taken, say) must not stick: the operator's Retry starts it again.
      starting.catch(() => {
        if (simulator === starting) simulator = null;
      });
    }
    const sim = await simulator;
    return { endpoint: sim.endpoint, accounts: sim.accounts };
  };
  const runningSimulator = async (): Promise<RunningSimulator | null> => (simulator ? await simulator.catch(() => null) : null);

  // Services emit before the router exists; forward through a late-bound sink.
  let router: Router | null = null;
  let afterFleetSync: (state: SyncState) => void = () => {};
  const events: EventSink = {
    emit: (channel, payload) => {
      if (channel === 'fleet:sync-progressed') afterFleetSync(payload as SyncState);
      router?.emit(channel, payload);
    },
  };

  const statuses = new WorkspaceStatusBoard((status) => events.emit('workspaces:status-changed', status));
  const mfa = new MfaBroker({
    requested: (request) => events.emit('workspaces:mfa-requested', request),
    settled: (requestId) => events.emit('workspaces:mfa-settled', { requestId }),
  });
  let identityChanged: (profile: string) => void = () => {};
  const aws = createAwsAccess({
    env,
    ...(options.awsMaxAttempts ? { maxAttempts: options.awsMaxAttempts } : {}),
    askMfaCode: (profile, serial) => mfa.ask(profile, serial),
    credentialsChanged: (profile) => identityChanged(profile),
  });
  const workspaces = new WorkspaceService({
    training,
    readProfiles: () => aws.readProfiles(),
    defaultProfile: env.AWS_PROFILE,
    statuses,
    loadSetting: (key) => store.run('settings', 'get', { key }),
    saveSetting: async (key, value) => {
      await store.run('settings', 'set', { key, value });
    },
  });

  const operator = localOperator();
  const resolveActor = createActorResolver({
    operator,
    describe: async (workspaceId) => {
      const resolved = await workspaces.resolve(workspaceId);
      // Who STS said we are; the training fleet's user is known without asking. '' = not known yet.
      const known = statuses.get(workspaceId).callerArn;
      const principal = known ?? (resolved.target.kind === 'training' ? trainingPrincipal(resolved.accountId) : '');
      return { accountId: resolved.accountId, region: resolved.target.region, principal };
    },
  });
  const recordAudit = createAuditRecorder(audit, resolveActor, operator);

  // One client set per workspace, built on first use; dropped when its credentials must be read again.
  const clients = new Map<string, Promise<WorkspaceClients>>();
  const clientsOf = (workspaceId: string): Promise<WorkspaceClients> => {
    let entry = clients.get(workspaceId);
    if (!entry) {
      entry = workspaces.resolve(workspaceId).then((resolved) => aws.clientsFor(resolved));
      // A failed resolution (profile removed) must not stick: the next sync tries again.
      entry.catch(() => clients.delete(workspaceId));
      clients.set(workspaceId, entry);
    }
    return entry;
  };
  const clientFor = async (workspaceId: string): Promise<WorkspaceClient> => (await clientsOf(workspaceId)).workspace;
  const sessionClientsFor = async (workspaceId: string): Promise<SessionClients> => {
    const { workspace, kms, webSocketAgent } = await clientsOf(workspaceId);
    return { ssm: workspace.ssm, kms, ...(workspace.endpoint ? { endpoint: workspace.endpoint } : {}), ...(webSocketAgent ? { webSocketAgent } : {}) };
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
  // A sync's end is also the freshest word on the workspace's credentials and network.
  afterFleetSync = (state) => {
    // A sync that started before a sign-in says nothing about the credentials the sign-in brings.
    if (statuses.get(state.workspaceId).state === 'signing-in') return;
    if (state.phase === 'succeeded') {
      if (statuses.get(state.workspaceId).state !== 'ok') statuses.ok(state.workspaceId);
      if (inventory.state(state.workspaceId).phase === 'failed') inventory.sync(state.workspaceId);
    } else if (state.phase === 'failed' && state.error) {
      statuses.failed(state.workspaceId, state.error);
      // Keys AWS says have expired are dropped, so the next sync resolves fresh ones (or asks the operator).
      const profile = profileOfWorkspaceId(state.workspaceId);
      if (profile && /^ExpiredToken(Exception)?$/.test(state.error.code)) void aws.forgetCredentials(profile);
    }
  };

  const access = new WorkspaceAccess({
    statuses,
    workspace: async (id) => (await workspaces.resolve(id)).workspace,
    callerArn: async (id) => (await clientsOf(id)).callerArn(),
    ssoSignIn: (profile, signIn) => aws.ssoSignIn(profile, signIn),
    ssoSessionOf: (id) => workspaces.ssoSessionOf(id),
    mfaRefused: (id, reason) => {
      const profile = profileOfWorkspaceId(id);
      if (profile) mfa.refused(profile, reason);
    },
    forgetCredentials: async (id) => {
      // Not destroyed: a session or a poll may still hold the old client; it finishes with what it has.
      clients.delete(id);
      const profile = profileOfWorkspaceId(id);
      if (!profile) return;
      mfa.allow(profile);
      await aws.forgetCredentials(profile);
      // Clients built meanwhile may carry the settings just replaced.
      clients.delete(id);
    },
    openExternal: options.openExternal,
    progressed: (progress) => events.emit('workspaces:sign-in-progressed', progress),
    recovered: (id) => {
      fleet.refresh(id);
      inventory.sync(id);
    },
    // Profiles on the same SSO session share the token just written: check the others that waited.
    signedIn: (id) => {
      void Promise.all([workspaces.list(), workspaces.watched()]).then(([list, watched]) => {
        for (const other of list.workspaces) {
          if (other.id === id || other.credentialSource !== 'sso' || !watched.includes(other.id)) continue;
          if (statuses.get(other.id).state !== 'ok') void access.check(other.id);
        }
      });
    },
    ...(options.log ? { log: options.log } : {}),
  });
  // Renewed keys may stand for someone else (a colleague's `aws sso login` into the shared cache, an
  // edited role_arn): ask STS again, so audit entries name who really acts.
  identityChanged = (profile) => {
    void workspaces.watched().then((ids) => {
      for (const id of ids) if (profileOfWorkspaceId(id) === profile) void access.check(id);
    });
  };
  const effects: WorkspaceEffects = {
    started: (ids) => {
      for (const id of ids) {
        void access.check(id);
        fleet.refresh(id);
        inventory.sync(id);
      }
    },
    watchedChanged: (ids) => fleet.watch(ids),
    selectionChanged: (workspace) => events.emit('workspaces:selection-changed', workspace),
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
      ...createWorkspaceHandlers({ workspaces, access, mfa, effects, audit: recordAudit }),
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

  const watched = await workspaces.watched();
  effects.started(watched);
  fleet.watch(watched);
  // The timer follows whichever workspace is selected at the time it fires.
  const inventoryTimer = setInterval(() => {
    void workspaces.watched().then(
      (ids) => ids.forEach((id) => inventory.sync(id)),
      (error: unknown) => options.log?.('inventory refresh skipped', error),
    );
  }, options.inventoryRefreshMs ?? DEFAULT_INVENTORY_REFRESH_MS);
  inventoryTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    router,
    storeRecovery: store.recovery,
    trainingFleet: runningSimulator,
    close: () =>
      (closing ??= (async () => {
        clearInterval(inventoryTimer);
        // Run Command tracking first: a poll cycle under way writes its rows before the store closes.
        await commands.close();
        mfa.close();
        await access.close();
        // Sessions first: their close records must reach the store before it closes.
        await sessions.close();
        await inventory.close();
        await fleet.close();
        await licences.close();
        for (const entry of clients.values()) (await entry.catch(() => null))?.destroy();
        aws.destroy();
        await (await runningSimulator())?.close();
        // After every writer above: the last entries (sessions closed at quit) are on disk first.
        await audit.close();
        await store.close();
      })()),
  };
}
