import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DocumentCatalog, SimDocument, SimRenderedStep } from '../documents/document-catalog';
import type { FleetState } from '../fleet-state';
import { commandStatus } from './command-records';
import type { CommandRecord, InvocationRecord } from './command-records';
import { CommandRun } from './command-run';
import type { DispatchEntry } from './command-run';
import { HostProcessPool } from './host-process-pool';
import { concurrencyLimit, errorLimit } from './rate-controls';
import type { ResolvedTarget } from './target-resolution';

/**
 * The training fleet's Run Command service (ssm-api.md §4.3, §5): keeps every command sent
 * since start, runs each through a CommandRun, and owns the host process pool, so closing the
 * simulator kills every script still running. The op handlers validate requests and shape
 * answers; this class decides what happens.
 *
 * README — how main/simulator/commands fits together:
 * - ops/send-command-op.ts … cancel-command-op.ts: request checks (Coral ValidationException,
 *   SSM's modeled errors) and answers; they reach this engine through OperationContext.commands.
 * - target-resolution.ts: InstanceIds / Targets → nodes (§5.1).
 * - command-run.ts: one command's dispatching — ramp-up, MaxErrors, delivery timeout, cancel.
 * - rate-controls.ts: MaxConcurrency / MaxErrors values and the ramp-up schedule (§5.4).
 * - invocation-runner.ts: the simulated agent — runs a node's steps for real in its sandbox.
 * - host-process-pool.ts: at most `hostConcurrency` processes at once, process-group kills.
 * - training-shims.ts: systemctl / Restart-Service / Get-Service stand-ins in `<sandbox>/bin`.
 * - output-capture.ts: bounded stdout/stderr and the agent's 2,500-character Output (§5.5).
 * - command-records.ts / command-wire.ts / command-filters.ts: state, status roll-up (§5.2,
 *   §5.3), wire shapes, and the List* filters.
 * Design choices the spec leaves open: an offline agent's invocation does not hold a
 * concurrency slot while it waits for delivery; percentages round up for MaxConcurrency (floor
 * 1) and down for MaxErrors; a stopped step reports the agent's 137 (Unix) or -1 (Windows).
 */

/** Run Command options of a simulator (SimulatorOptions.commands). */
export interface CommandEngineOptions {
  /** How long new invocations stay invisible to ListCommandInvocations/GetCommandInvocation (default 300 ms, as AWS's brief lag). */
  readonly materializeDelayMs?: number;
  /** Real milliseconds one second of TimeoutSeconds or executionTimeout lasts (default 1000; shorten in tests). */
  readonly msPerSecond?: number;
  /** Host processes running at once across the simulator (default 8). */
  readonly hostConcurrency?: number;
  /** Parent folder of per-node sandboxes (default: the sessions' one). */
  readonly sandboxRoot?: string;
}

export interface CommandEngineDeps {
  readonly fleet: FleetState;
  readonly documents: DocumentCatalog;
  /** Parameter Store lookup for `{{ssm:name}}`. */
  readonly parameter: (name: string) => string | undefined;
  readonly now: () => number;
}

/** A validated SendCommand, ready to run. */
export interface SendRequest {
  readonly document: SimDocument;
  readonly documentVersion: string;
  readonly parameters: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly steps: ReadonlyArray<SimRenderedStep>;
  readonly instanceIds: ReadonlyArray<string>;
  readonly targets: ReadonlyArray<{ Key: string; Values: string[] }>;
  readonly resolved: ReadonlyArray<ResolvedTarget>;
  readonly comment: string;
  readonly timeoutSeconds: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly region: string;
  readonly serviceRole: string;
  readonly outputS3BucketName: string;
  readonly outputS3KeyPrefix: string;
  readonly notificationConfig: object;
  readonly cloudWatchOutputConfig: object;
}

const DEFAULT_MATERIALIZE_MS = 300;
const DEFAULT_HOST_CONCURRENCY = 8;

export class CommandEngine {
  readonly #deps: CommandEngineDeps;
  readonly #options: CommandEngineOptions;
  readonly #pool: HostProcessPool;
  readonly #runs = new Map<string, CommandRun>();
  /** Newest first, as ListCommands answers. */
  readonly #order: CommandRecord[] = [];
  readonly #settledListeners = new Set<(commandId: string) => void>();
  #ordinal = 0;
  #invocationOrdinal = 0;

  constructor(deps: CommandEngineDeps, options: CommandEngineOptions = {}) {
    this.#deps = deps;
    this.#options = options;
    this.#pool = new HostProcessPool(options.hostConcurrency ?? DEFAULT_HOST_CONCURRENCY, deps.now);
  }

  get documents(): DocumentCatalog {
    return this.#deps.documents;
  }

  get fleet(): FleetState {
    return this.#deps.fleet;
  }

  /** Parameter Store lookup handed to DocumentCatalog.renderSteps. */
  get parameter(): (name: string) => string | undefined {
    return this.#deps.parameter;
  }

  /** Host processes running right now (bounded by hostConcurrency). */
  get runningProcesses(): number {
    return this.#pool.runningCount;
  }

  /** Starts a command; the record is live (its statuses move as nodes report). */
  send(request: SendRequest): CommandRecord {
    const now = this.#deps.now();
    const record: CommandRecord = {
      ordinal: ++this.#ordinal,
      commandId: randomUUID(),
      documentName: request.document.name,
      documentVersion: request.documentVersion,
      comment: request.comment,
      parameters: request.parameters,
      instanceIds: request.instanceIds,
      targets: request.targets,
      requestedAt: now,
      expiresAt: now + (request.timeoutSeconds + executionSeconds(request.steps)) * 1000,
      maxConcurrency: request.maxConcurrency,
      maxErrors: request.maxErrors,
      timeoutSeconds: request.timeoutSeconds,
      region: request.region,
      serviceRole: request.serviceRole,
      outputS3BucketName: request.outputS3BucketName,
      outputS3KeyPrefix: request.outputS3KeyPrefix,
      notificationConfig: request.notificationConfig,
      cloudWatchOutputConfig: request.cloudWatchOutputConfig,
      invocations: request.resolved.map((target) => this.#invocation(target, request, now)),
      sentMonotonic: performance.now(),
      cancelled: false,
    };
    const count = record.invocations.length;
    const run = new CommandRun(
      record,
      concurrencyLimit(request.maxConcurrency, count),
      errorLimit(request.maxErrors, count),
      {
        fleet: this.#deps.fleet,
        pool: this.#pool,
        sandboxRoot: this.#options.sandboxRoot,
        region: request.region,
        msPerSecond: this.#options.msPerSecond ?? 1000,
        now: this.#deps.now,
      },
      () => {
        for (const listener of this.#settledListeners) listener(record.commandId);
      },
    );
    this.#runs.set(record.commandId, run);
    this.#order.unshift(record);
    return record;
  }

  /** Every command, newest first. */
  list(): ReadonlyArray<CommandRecord> {
    return this.#order;
  }

  find(commandId: string): CommandRecord | undefined {
    return this.#runs.get(commandId)?.record;
  }

  /** Status and StatusDetails of a command right now. */
  status(record: CommandRecord): { status: string; details: string } {
    return commandStatus(record, this.#runs.get(record.commandId)?.errorThreshold ?? 0);
  }

  /** False during the brief lag after SendCommand in which AWS does not show invocations yet. */
  materialised(record: CommandRecord): boolean {
    return performance.now() - record.sentMonotonic >= (this.#options.materializeDelayMs ?? DEFAULT_MATERIALIZE_MS);
  }

  /** The order in which nodes were handed the command (tests observe the ramp-up through it). */
  dispatches(commandId: string): ReadonlyArray<DispatchEntry> {
    return this.#runs.get(commandId)?.dispatches ?? [];
  }

  /** Calls `listener(commandId)` whenever a command reaches a terminal state; returns an unsubscribe. */
  onSettled(listener: (commandId: string) => void): () => void {
    this.#settledListeners.add(listener);
    return () => this.#settledListeners.delete(listener);
  }

  cancel(commandId: string, instanceIds?: ReadonlyArray<string>): void {
    this.#runs.get(commandId)?.cancel(instanceIds === undefined ? undefined : new Set(instanceIds));
  }

  /** Kills every running process and stops every timer. */
  close(): void {
    for (const run of this.#runs.values()) run.dispose();
    this.#pool.close();
  }

  #invocation(target: ResolvedTarget, request: SendRequest, now: number): InvocationRecord {
    const platform = target.node?.info.PlatformType;
    const supported = platform === undefined || request.document.platformTypes.includes(platform);
    const detail = supported ? 'Pending' : 'InvalidPlatform';
    return {
      ordinal: ++this.#invocationOrdinal,
      instanceId: target.instanceId,
      instanceName: target.node?.info.ComputerName ?? '',
      platform,
      plugins: request.steps.map((step) => ({ step, detail, responseCode: -1, startedAt: undefined, endedAt: undefined, stdout: '', stderr: '' })),
      detail,
      dispatched: false,
      stop: undefined,
      updatedAt: now,
    };
  }
}

/** The longest a node may run the document: the sum of its steps' execution timeouts per platform. */
function executionSeconds(steps: ReadonlyArray<SimRenderedStep>): number {
  const platforms = ['Linux', 'Windows', 'MacOS'] as const;
  return Math.max(0, ...platforms.map((p) => steps.filter((s) => s.platform === null || s.platform === p).reduce((sum, s) => sum + s.timeoutSeconds, 0)));
}
