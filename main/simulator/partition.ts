import { AutomationEngine } from './automation/automation-engine';
import type { AutomationTimings } from './automation/automation-types';
import { CommandEngine } from './commands/command-engine';
import type { CommandEngineOptions } from './commands/command-engine';
import { DocumentCatalog } from './documents/document-catalog';
import { FleetState } from './fleet-state';
import { generateFleet } from './fleet-generator';
import type { PingStatus, SimulatedNode, SimulatedTag } from './fleet-generator';
import { userArn, TRAINING_USER_NAME } from './identity/training-accounts';
import { SimulatedKms } from './kms/kms-service';
import type { SimulatedKmsKey } from './kms/kms-service';
import type { OperationContext } from './ops/operation-types';
import { PageTokenCodec } from './page-token';
import { ParameterStore } from './parameters/parameter-store';
import { SessionHub } from './sessions/session-hub';
import type { SessionHubOptions } from './sessions/session-hub';
import type { SessionControls } from './sessions/session-controls';

/**
 * One (account, region) of the training fleet: its own nodes, documents, parameters, commands,
 * automation, sessions and KMS keys, as on AWS where every account × region is a separate SSM.
 * Created lazily by the server on the first signed request that reaches it.
 */

/** What tests and the CLI can see and change in one partition (RunningSimulator has the same for the primary). */
export interface PartitionView {
  readonly accountId: string;
  readonly region: string;
  /** The live fleet in listing order (reflects removals and ping changes). */
  readonly nodes: ReadonlyArray<SimulatedNode>;
  /** Data-channel fault injection and the agent side's record of what it received (session-controls.ts). */
  readonly sessions: SessionControls;
  /** The partition's KMS: the key sessions are encrypted with, and a way to add keys. */
  readonly kms: { readonly sessionKey: SimulatedKmsKey; createKey(aliases?: ReadonlyArray<string>): SimulatedKmsKey };
  /** Run Command: every command sent, its invocations, and the order nodes were handed them. */
  readonly commands: CommandEngine;
  /** The partition's Parameter Store (seeded with CloudWatch agent configurations). */
  readonly parameters: ParameterStore;
  /** Automation executions, with a change listener tests wait on. */
  readonly automation: AutomationEngine;
  /** Sets a node's PingStatus (going Online stamps LastPingDateTime with now). Throws for unknown ids. */
  setNodePing(instanceId: string, status: PingStatus): void;
  /** Replaces a node's tags (seen by tag filters, ListTagsForResource and AWS:Tag inventory). */
  setNodeTags(instanceId: string, tags: ReadonlyArray<SimulatedTag>): void;
  /** Deregisters a node: it vanishes from every answer. Throws for unknown ids. */
  removeNode(instanceId: string): void;
}

/** How to build one partition. */
export interface PartitionOptions {
  readonly accountId: string;
  readonly region: string;
  readonly nodes: number;
  /** Seed of this partition's fleet content. */
  readonly seed: number;
  /** Instance-id space shared by every partition of a simulator, and this partition's block in it. */
  readonly ids: { readonly seed: number; readonly block: number };
  readonly now: () => number;
  /** `127.0.0.1:<port>` once the server listens (StreamUrls). */
  readonly host: () => string;
  readonly sessions?: SessionHubOptions;
  readonly commands?: CommandEngineOptions;
  readonly automation?: AutomationTimings;
}

/** The state of one account × region. */
export class Partition {
  readonly accountId: string;
  readonly region: string;
  readonly fleet: FleetState;
  readonly kms: SimulatedKms;
  readonly documents: DocumentCatalog;
  readonly parameters: ParameterStore;
  readonly automation: AutomationEngine;
  readonly commands: CommandEngine;
  readonly hub: SessionHub;
  readonly tokens = new PageTokenCodec();
  readonly view: PartitionView;
  readonly #now: () => number;

  constructor(options: PartitionOptions) {
    const { accountId, region, now } = options;
    this.accountId = accountId;
    this.region = region;
    this.#now = now;
    this.fleet = new FleetState(generateFleet({ nodes: options.nodes, seed: options.seed, accountId, region, now: now(), ids: options.ids }));
    this.kms = new SimulatedKms({ accountId, region });
    this.documents = new DocumentCatalog({ accountId, now: now() });
    this.parameters = new ParameterStore({ accountId, region, now });
    this.automation = new AutomationEngine({ fleet: this.fleet, now, timings: options.automation });
    this.commands = new CommandEngine(
      { fleet: this.fleet, documents: this.documents, parameter: (name) => this.parameters.referenceValue(name), now },
      { sandboxRoot: options.sessions?.sandboxRoot, ...options.commands },
    );
    this.hub = new SessionHub(
      { fleet: this.fleet, kms: this.kms, now, ownerArn: userArn(accountId), ownerName: TRAINING_USER_NAME, host: options.host },
      options.sessions ?? {},
    );
    this.view = this.#buildView();
  }

  /** What an SSM operation handler sees for a request in this partition, signed by `caller`. */
  context(region: string, caller?: OperationContext['caller']): OperationContext {
    return {
      ...(caller ? { caller } : {}),
      fleet: this.fleet,
      tokens: this.tokens,
      accountId: this.accountId,
      region,
      now: this.#now(),
      documents: this.documents,
      parameters: this.parameters,
      commands: this.commands,
      automation: this.automation,
    };
  }

  /** Whether this partition's Session Manager knows the session (routes data-channel upgrades). */
  ownsSession(sessionId: string): boolean {
    return this.hub.registry.get(sessionId) !== undefined;
  }

  /** Kills running scripts, stops automation, ends every shell and socket. */
  close(): Promise<void> {
    this.commands.close();
    this.automation.close();
    return this.hub.close();
  }

  #buildView(): PartitionView {
    const fleet = this.fleet;
    const kms = this.kms;
    const now = this.#now;
    return {
      accountId: this.accountId,
      region: this.region,
      get nodes() {
        return fleet.nodes;
      },
      sessions: this.hub.controls,
      kms: { sessionKey: kms.sessionKey, createKey: (aliases) => kms.createKey(aliases) },
      commands: this.commands,
      parameters: this.parameters,
      automation: this.automation,
      setNodePing: (instanceId, status) => fleet.setPingStatus(instanceId, status, now()),
      setNodeTags: (instanceId, tags) => fleet.setTags(instanceId, tags),
      removeNode: (instanceId) => fleet.remove(instanceId),
    };
  }
}
