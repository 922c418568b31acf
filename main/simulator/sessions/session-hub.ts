import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { prepareTrainingSandbox } from '../commands/training-shims';
import type { FleetState } from '../fleet-state';
import type { SimulatedKms } from '../kms/kms-service';
import { DATA_CHANNEL_PATH, DataChannelClose, DataChannelServer } from './data-channel-server';
import type { SessionBackend } from './session-backend';
import { sandboxFolder } from './pty-runner';
import { SessionAgent } from './session-agent';
import type { AgentTimings } from './session-agent';
import { SessionFaultState } from './session-controls';
import type { SessionControls } from './session-controls';
import { SessionRegistry } from './session-registry';
import type { SimulatedSession } from './session-registry';

/**
 * Session Manager on the training fleet: the registry behind the four SSM operations, one agent
 * (PTY + data-channel state) per live session, the WebSocket front that hands token-checked
 * sockets to agents, and the test controls. Ending the hub kills every shell and socket.
 */

/** Session options of a simulator (SimulatorOptions.sessions). All durations in ms. */
export interface SessionHubOptions {
  /** Idle timeout without client input (default 20 min, as AWS). */
  readonly idleTimeoutMs?: number;
  /** Delay between PTY start and the first Output on the no-handshake path (default 1000, as the agent). */
  readonly firstOutputDelayMs?: number;
  /** How long the agent waits for HandshakeResponse and for the challenge answer (default 15 s each). */
  readonly handshakeTimeoutMs?: number;
  /** How long a socket may wait before its OpenDataChannel frame (default 10 s). */
  readonly openTimeoutMs?: number;
  /** How long the agent waits for its output to be acked before channel_closed after exit (default 2 s). */
  readonly drainTimeoutMs?: number;
  /** Parent folder of per-node sandboxes (default os.tmpdir()/capstan-training). */
  readonly sandboxRoot?: string;
  /** Nodes whose sessions demand KMS encryption with the training session key from the start. */
  readonly kmsNodes?: ReadonlyArray<string>;
  /** Nodes whose sessions start with a SessionType handshake even without KMS. */
  readonly handshakeNodes?: ReadonlyArray<string>;
}

/** What the hub takes from the simulator. */
export interface SessionHubDeps {
  readonly fleet: FleetState;
  readonly kms: SimulatedKms;
  readonly now: () => number;
  readonly ownerArn: string;
  readonly ownerName: string;
  /** `127.0.0.1:<port>` once the server listens. */
  readonly host: () => string;
}

const TWENTY_MINUTES = 20 * 60 * 1000;

/** The simulator's Session Manager. */
export class SessionHub implements SessionBackend {
  readonly registry: SessionRegistry;
  readonly controls: SessionControls;
  readonly #deps: SessionHubDeps;
  readonly #options: SessionHubOptions;
  readonly #faults: SessionFaultState;
  readonly #agents = new Map<string, SessionAgent>();
  readonly #handshakeNodes: Set<string>;
  readonly #server: DataChannelServer;
  // Opaque like AWS's cell-number, with + / = on purpose: clients must dial the URL unchanged (§2.1).
  readonly #query = `role=publish_subscribe&cell-number=${Buffer.from([0xfb, 0xef, 0xff, ...randomBytes(13)]).toString('base64')}`;
  #closed = false;

  constructor(deps: SessionHubDeps, options: SessionHubOptions) {
    this.#deps = deps;
    this.#options = options;
    this.registry = new SessionRegistry({ ownerArn: deps.ownerArn, ownerName: deps.ownerName, now: deps.now });
    this.#faults = new SessionFaultState(deps.now, options.idleTimeoutMs ?? TWENTY_MINUTES);
    for (const node of options.kmsNodes ?? []) this.#faults.requireKms(node, undefined);
    this.#handshakeNodes = new Set(options.handshakeNodes ?? []);
    this.#server = new DataChannelServer({
      registry: this.registry,
      faults: this.#faults,
      query: this.#query,
      openTimeoutMs: options.openTimeoutMs,
      attach: (sessionId, socket) => this.#attach(sessionId, socket),
    });
    this.controls = this.#buildControls();
  }

  streamUrl(sessionId: string): string {
    return `ws://${this.#deps.host()}${DATA_CHANNEL_PATH}${encodeURIComponent(sessionId)}?${this.#query}`;
  }

  started(session: SimulatedSession): void {
    const demand = this.#faults.kmsDemand(session.target);
    const timings: AgentTimings = {
      idleTimeoutMs: this.#faults.idleTimeoutMs,
      firstOutputDelayMs: this.#options.firstOutputDelayMs ?? 1000,
      handshakeTimeoutMs: this.#options.handshakeTimeoutMs ?? 15_000,
      drainTimeoutMs: this.#options.drainTimeoutMs ?? 2000,
    };
    // The shell finds the training shims first on its PATH, as Run Command scripts do, so a
    // `systemctl restart` typed in a training shell acts on the node's simulated services.
    const node = this.#deps.fleet.find(session.target);
    if (node) prepareTrainingSandbox(sandboxFolder(session.target, this.#options.sandboxRoot), node);
    const agent = new SessionAgent({
      session,
      registry: this.registry,
      faults: this.#faults,
      kms: this.#deps.kms,
      timings,
      sandboxRoot: this.#options.sandboxRoot,
      kmsKeyId: demand ? (demand.keyId ?? this.#deps.kms.sessionKey.arn) : undefined,
      handshake: demand !== undefined || this.#handshakeNodes.has(session.target),
      onEnded: () => this.#agents.delete(session.sessionId),
    });
    this.#agents.set(session.sessionId, agent);
  }

  terminate(sessionId: string): void {
    const agent = this.#agents.get(sessionId);
    if (agent) agent.terminate('');
    else this.registry.end(sessionId);
  }

  /** Routes a WebSocket upgrade to the data channel. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#server.handleUpgrade(req, socket, head);
  }

  /** Ends every shell and socket; resolves when the PTYs are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#server.close();
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.shutdown(DataChannelClose.GoingAway)));
  }

  #attach(sessionId: string, socket: WebSocket): void {
    const agent = this.#agents.get(sessionId);
    if (!agent) {
      socket.close(DataChannelClose.SessionEnded.code, DataChannelClose.SessionEnded.reason);
      return;
    }
    agent.attach(socket);
  }

  #each(sessionId: string | undefined, action: (agent: SessionAgent) => void): void {
    if (sessionId !== undefined) {
      const agent = this.#agents.get(sessionId);
      if (!agent) throw new RangeError(`No live session ${sessionId} in the training fleet.`);
      action(agent);
      return;
    }
    for (const agent of this.#agents.values()) action(agent);
  }

  #buildControls(): SessionControls {
    const faults = this.#faults;
    return {
      dropOutput: (count, sessionId) => faults.arm('drop', count, sessionId),
      duplicateOutput: (count, sessionId) => faults.arm('duplicate', count, sessionId),
      reorderOutput: (count, sessionId) => faults.arm('reorder', count, sessionId),
      dropAcks: (count, sessionId) => faults.arm('drop-ack', count, sessionId),
      pausePublication: (sessionId) => this.#each(sessionId, (a) => a.pausePublication()),
      startPublication: (sessionId) => this.#each(sessionId, (a) => a.startPublication()),
      closeSocket: (sessionId, code = DataChannelClose.Bye.code, reason = DataChannelClose.Bye.reason) =>
        this.#each(sessionId, (a) => a.closeSocket(code, reason)),
      stallAgent: (sessionId) => this.#each(sessionId, (a) => a.stall()),
      resumeAgent: (sessionId) => this.#each(sessionId, (a) => a.unstall()),
      requireKms: (instanceId, keyId) => faults.requireKms(instanceId, keyId),
      clearKms: (instanceId) => faults.clearKms(instanceId),
      setIdleTimeout: (ms) => {
        if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`Idle timeout must be a positive number of ms; got ${ms}.`);
        faults.idleTimeoutMs = ms;
      },
      streamOutput: (sessionId, bytes) => {
        const agent = this.#agents.get(sessionId);
        if (!agent) return Promise.reject(new RangeError(`No live session ${sessionId} in the training fleet.`));
        return agent.streamOutput(bytes);
      },
      log: (sessionId) => faults.log(sessionId),
      count: (kind, sessionId) => faults.count(kind, sessionId),
      waitFor: (predicate, timeoutMs) => faults.waitFor(predicate, timeoutMs),
      liveAgents: () => [...this.#agents.keys()],
      reset: () => faults.reset(),
    };
  }
}
