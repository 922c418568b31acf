import { userInfo } from 'node:os';
import type { SessionInfo, SessionRecord, SessionState, StartSessionRequest } from '../../preload/contract/sessions';
import type { AuditRecorder } from '../audit/audit-recorder';
import { sessionClosedRecord, sessionOpenFailedRecord, sessionOpenedRecord } from '../audit/session-audit';
import { AppError, NotFoundError, StoreError, asAppError } from '../errors/app-error';
import type { EventSink } from '../ipc/router';
import {
  describeSsmSessions,
  generateSessionDataKey,
  resumeSsmSession,
  startSsmSession,
  terminateSsmSession,
  type SessionClients,
} from './session-aws';
import type { CreateChannel, DataChannelClientLike } from './session-channel';
import { OutputPump, type OutputScheduler } from './session-output';
import { mergeSessionRecords } from './session-records';
import type { SessionStore } from './session-store';

/** What the session service needs from the app. */
export interface SessionServiceOptions {
  store: SessionStore;
  /** The workspace's SSM and KMS clients (same credentials, region and endpoint). */
  clientsFor: (workspaceId: string) => Promise<SessionClients>;
  events: EventSink;
  /** Builds the data channel; the real protocol client in the app, a fake in unit tests. */
  createChannel: CreateChannel;
  /** The local OS user recorded as operator; os.userInfo().username by default. */
  operator?: string;
  now?: () => number;
  outputScheduler?: OutputScheduler;
  highWaterMark?: number;
  lowWaterMark?: number;
  /** How many closed sessions stay listed for a reloaded renderer's tabs. */
  keepClosed?: number;
  log?: (message: string, detail?: unknown) => void;
  /** Where opens (and failed opens) and closes go in the audit log; none in unit tests that do not look. */
  audit?: AuditRecorder;
}

interface OpenSession {
  info: SessionInfo;
  channel: DataChannelClientLike;
  pump: OutputPump;
  /** Strings that must never reach the renderer (token, stream URLs), scrubbed from reasons. */
  secrets: Set<string>;
  /** The close record's write, once the session closed. */
  recorded: Promise<void> | null;
}

const LOCAL_RECORD_LIMIT = 1000;
const INTERRUPTED_REASON = 'Capstan stopped before the session closed';

/**
 * Opens Session Manager shells and keeps them: StartSession → data channel → output events with
 * back-pressure → audit record at open and close. Tokens and stream URLs stay in here.
 */
export class SessionService {
  private readonly sessions = new Map<string, OpenSession>();
  private readonly operator: string;
  private readonly now: () => number;
  private readonly log: (message: string, detail?: unknown) => void;
  private closing = false;

  constructor(private readonly options: SessionServiceOptions) {
    this.operator = options.operator ?? safeUsername();
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  /** Marks records a previous run left open (crash, kill); call once at start-up. */
  async recoverInterrupted(): Promise<number> {
    return this.options.store.markInterrupted(INTERRUPTED_REASON, [...this.sessions.keys()]);
  }

  /** Opens a shell on an Online node of the workspace's cache; records the open before any byte flows. */
  async start(request: StartSessionRequest): Promise<SessionInfo> {
    try {
      return await this.open(request);
    } catch (error) {
      // A shell that could not be opened was still asked for: the audit trail says who tried, where, and why it failed.
      await this.options
        .audit?.(request.workspaceId, sessionOpenFailedRecord(request.instanceId, asAppError(error).message))
        .catch((e: unknown) => this.log(`could not audit the failed open on ${request.instanceId}`, e));
      throw error;
    }
  }

  private async open(request: StartSessionRequest): Promise<SessionInfo> {
    if (this.closing) throw new AppError('session', 'ShuttingDown', 'Capstan is closing; no new session can start.');
    const { workspaceId, instanceId } = request;
    const node = await this.options.store.findNode(workspaceId, instanceId);
    if (!node || node.vanishedAt !== null) {
      throw new NotFoundError(`Node ${instanceId} is not in this workspace's fleet${node ? ' any more' : ''}.`, {
        hint: 'Refresh the fleet, then pick the node from the grid again.',
      });
    }
    if (node.pingStatus !== 'Online') {
      throw new AppError('session', 'TargetNotConnected', `${node.name || instanceId} (${instanceId}) is ${node.pingStatus}; a shell needs an Online node.`, {
        hint: 'Wait for the SSM agent to report Online (refresh the fleet), or check the node\'s network and agent.',
      });
    }

    const clients = await this.options.clientsFor(workspaceId);
    const started = await startSsmSession(clients, instanceId);
    const startedAt = this.now();
    try {
      await this.options.store.recordOpened({
        sessionId: started.sessionId,
        workspaceId,
        instanceId,
        nodeName: node.name,
        ownerArn: '',
        operator: this.operator,
        startedAt,
      });
    } catch (error) {
      // No audit record, no shell: end the session AWS opened rather than run it unrecorded.
      terminateSsmSession(clients, started.sessionId).catch((e: unknown) => this.log(`TerminateSession after a failed record of ${started.sessionId}`, e));
      const cause = asAppError(error);
      throw new StoreError('SessionNotRecorded', `The session could not be recorded in the local store, so it was ended: ${cause.message}`, { cause: error });
    }
    try {
      await this.options.audit?.(workspaceId, sessionOpenedRecord({ sessionId: started.sessionId, instanceId, nodeName: node.name, platformType: node.platformType }));
    } catch (error) {
      // Same rule for the audit log: a shell nobody could account for is ended, not run.
      terminateSsmSession(clients, started.sessionId).catch((e: unknown) => this.log(`TerminateSession after a failed audit of ${started.sessionId}`, e));
      await this.options.store
        .recordClosed({ sessionId: started.sessionId, endedAt: this.now(), exitCode: null, closeReason: 'Not written to the audit log' })
        .catch((e: unknown) => this.log(`could not record the close of unaudited session ${started.sessionId}`, e));
      throw new StoreError('SessionNotAudited', `The session could not be written to the audit log, so it was ended: ${asAppError(error).message}`, {
        hint: 'Check free disk space and that Capstan\'s data folder is writable, then open the shell again.',
        cause: error,
      });
    }

    const info: SessionInfo = {
      sessionId: started.sessionId,
      workspaceId,
      instanceId,
      nodeName: node.name,
      platformType: node.platformType,
      startedAt,
      state: { kind: 'connecting' },
    };
    const sessionId = started.sessionId;
    const secrets = new Set([started.tokenValue, started.streamUrl].filter((s) => s.length >= 8));
    const pump = new OutputPump({
      emit: (output) => this.options.events.emit('sessions:output-received', { sessionId, ...output }),
      pause: () => this.sessions.get(sessionId)?.channel.pauseOutput(),
      resume: () => this.sessions.get(sessionId)?.channel.resumeOutput(),
      ...(this.options.highWaterMark !== undefined ? { highWaterMark: this.options.highWaterMark } : {}),
      ...(this.options.lowWaterMark !== undefined ? { lowWaterMark: this.options.lowWaterMark } : {}),
      ...(this.options.outputScheduler ? { scheduler: this.options.outputScheduler } : {}),
    });
    const channel = this.options.createChannel({
      sessionId,
      streamUrl: started.streamUrl,
      tokenValue: started.tokenValue,
      terminalSize: { cols: request.cols, rows: request.rows },
      targetId: instanceId,
      ...(clients.webSocketAgent ? { webSocketAgent: clients.webSocketAgent } : {}),
      resumeSession: async () => {
        // The workspace's current clients, not the ones the shell started with: after a re-login
        // (SSO, MFA) only the new credentials are good, and the shell must survive it.
        const resumed = await resumeSsmSession(await this.options.clientsFor(workspaceId).catch(() => clients), sessionId);
        secrets.add(resumed.tokenValue);
        if (resumed.streamUrl) secrets.add(resumed.streamUrl);
        return resumed;
      },
      terminateSession: () => terminateSsmSession(clients, sessionId),
      generateDataKey: (input) => generateSessionDataKey(clients, input),
      onOutput: (chunk, stream) => pump.push(chunk, stream),
      onStateChange: (state) => this.onStateChange(sessionId, state),
    });
    this.sessions.set(sessionId, { info, channel, pump, secrets, recorded: null });
    channel.start();
    this.fillOwner(clients, sessionId);
    return { ...info, state: this.sessions.get(sessionId)?.info.state ?? info.state };
  }

  /** Keystrokes or paste, UTF-8 encoded; the client chunks and queues them. */
  sendInput(sessionId: string, data: string): void {
    this.live(sessionId).channel.sendInput(new TextEncoder().encode(data));
  }

  /** New terminal size. */
  resize(sessionId: string, cols: number, rows: number): void {
    this.live(sessionId).channel.resize(cols, rows);
  }

  /** The renderer wrote `bytes` of this session's output. Acks for a closed session are ignored. */
  ackOutput(sessionId: string, bytes: number): void {
    this.known(sessionId).pump.ack(bytes);
  }

  /** Operator-requested reconnect (ResumeSession). */
  reconnect(sessionId: string): void {
    this.live(sessionId).channel.reconnect();
  }

  /** Deliberate close: TerminateSession and wait for the channel to close. */
  async terminate(sessionId: string): Promise<void> {
    const session = this.known(sessionId);
    if (session.info.state.kind === 'closed') return;
    try {
      await session.channel.terminate();
    } catch (error) {
      throw this.scrubError(session, error);
    }
  }

  /** Ends the session here at once, whatever the agent does; TerminateSession runs in the background. */
  forceClose(sessionId: string, reason = 'Closed by the operator'): void {
    const session = this.known(sessionId);
    if (session.info.state.kind === 'closed') return;
    try {
      session.channel.forceClose(reason);
    } catch (error) {
      this.log(`forceClose of ${sessionId} threw`, error);
    }
    // The promise of "at once" does not rest on the client: close our side whatever it did.
    if (!isClosed(session)) this.onStateChange(sessionId, { kind: 'closed', reason, exitCode: null });
  }

  /** Sessions this app holds (open ones, and the last few closed ones so their tabs can be rebuilt). */
  openSessions(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  /** Active or past sessions of a workspace: DescribeSessions merged with the local records. */
  async list(workspaceId: string, state: 'Active' | 'History'): Promise<SessionRecord[]> {
    const clients = await this.options.clientsFor(workspaceId);
    const [aws, active, history] = await Promise.all([
      describeSsmSessions(clients, state),
      this.options.store.listRecords(workspaceId, 'Active', LOCAL_RECORD_LIMIT),
      this.options.store.listRecords(workspaceId, 'History', LOCAL_RECORD_LIMIT),
    ]);
    const local = [...active, ...history];
    const knownLocally = new Set(local.map((r) => r.sessionId));
    const unnamed = aws.filter((s) => !knownLocally.has(s.sessionId)).map((s) => s.target);
    const nodeNames = unnamed.length ? await this.options.store.nodeNames(workspaceId, unnamed) : {};
    return mergeSessionRecords({ workspaceId, state, aws, local, nodeNames });
  }

  /**
   * Quit: ends every session (TerminateSession, so none lingers resumable in AWS), force-closes
   * any that does not close within `graceMs`, and waits until each close is recorded.
   */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    const open = [...this.sessions.values()].filter((s) => !isClosed(s));
    await Promise.all(
      open.map((s) =>
        withTimeout(
          s.channel.terminate().catch((error: unknown) => this.log(`TerminateSession of ${s.info.sessionId} at quit failed`, error)),
          graceMs,
        ),
      ),
    );
    for (const s of open) if (!isClosed(s)) this.forceClose(s.info.sessionId, 'Capstan was closed');
    await Promise.all([...this.sessions.values()].map((s) => s.recorded));
  }

  private onStateChange(sessionId: string, raw: SessionState): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.info.state.kind === 'closed') return;
    const state = this.scrubState(session, raw);
    session.info = { ...session.info, state };
    if (state.kind === 'closed') {
      // Output first: the tab shows the last lines before it says "closed".
      session.pump.end();
      session.recorded = this.recordClose(session.info, state);
      this.pruneClosed();
    }
    this.options.events.emit('sessions:state-changed', { sessionId, state });
  }

  private async recordClose(info: SessionInfo, state: Extract<SessionState, { kind: 'closed' }>): Promise<void> {
    const { sessionId } = info;
    const closing = { sessionId, endedAt: this.now(), exitCode: state.exitCode, closeReason: state.reason || 'closed' };
    // One retry: a busy store must not cost the audit trail its close.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        await this.options.store.recordClosed(closing);
        break;
      } catch (error) {
        if (attempt === 2) this.log(`could not record the close of session ${sessionId}`, error);
      }
    }
    await this.options
      .audit?.(info.workspaceId, sessionClosedRecord(info, state, closing.endedAt))
      .catch((error: unknown) => this.log(`could not audit the close of session ${sessionId}`, error));
  }

  private fillOwner(clients: SessionClients, sessionId: string): void {
    // Best effort and off the start path: the owner ARN is what AWS says, and DescribeSessions is where it says it.
    describeSsmSessions(clients, 'Active', [{ key: 'SessionId', value: sessionId }])
      .then(async (found) => {
        const owner = found.find((s) => s.sessionId === sessionId)?.owner;
        if (owner) await this.options.store.recordOwner(sessionId, owner);
      })
      .catch((error: unknown) => this.log(`owner lookup for session ${sessionId} failed`, error));
  }

  private pruneClosed(): void {
    const keep = this.options.keepClosed ?? 20;
    const closed = [...this.sessions.values()].filter((s) => s.info.state.kind === 'closed');
    for (const s of closed.slice(0, Math.max(0, closed.length - keep))) this.sessions.delete(s.info.sessionId);
  }

  private known(sessionId: string): OpenSession {
    const session = this.sessions.get(sessionId);
    // Same answer for "never existed" and "opened elsewhere": the renderer may only name our own sessions.
    if (!session) throw new NotFoundError(`No session ${sessionId.slice(0, 100)} is open in Capstan.`);
    return session;
  }

  private live(sessionId: string): OpenSession {
    const session = this.known(sessionId);
    if (session.info.state.kind === 'closed') {
      throw new AppError('session', 'SessionClosed', `Session ${sessionId} is closed.`, { hint: 'Open a new session on the node.' });
    }
    return session;
  }

  private scrubState(session: OpenSession, state: SessionState): SessionState {
    if (state.kind === 'reconnecting' || state.kind === 'closed') return { ...state, reason: scrub(state.reason, session.secrets) };
    return state;
  }

  private scrubError(session: OpenSession, error: unknown): AppError {
    const appError = asAppError(error);
    const message = scrub(appError.message, session.secrets);
    if (message === appError.message) return appError;
    return new AppError(appError.kind, appError.code, message, { retryable: appError.retryable, ...(appError.hint ? { hint: appError.hint } : {}) });
  }
}

// A function, not an inline test: TS would keep the narrowing from before a callback changed the state.
function isClosed(session: OpenSession): boolean {
  return session.info.state.kind === 'closed';
}

/** Removes secrets and any WebSocket URL from text bound for the renderer. */
function scrub(text: string, secrets: Set<string>): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out.replace(/wss?:\/\/\S+/gi, '[stream URL]');
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(() => undefined), expired]).finally(() => clearTimeout(timer));
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): still record something that says so.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
