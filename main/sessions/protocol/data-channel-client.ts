import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { systemClock, type Clock } from './clock';
import { errorText, isDoesNotExistError, isNotValidStateError, toBuffer } from './client-helpers';
import { decodeClientMessage, FrameError, MessageType, PayloadType, type ClientMessage } from './codec';
import {
  ChannelErrorCode,
  CLIENT_VERSION,
  defaultDataChannelTuning,
  type ChannelState,
  type DataChannelClientOptions,
  type DataChannelStats,
  type DataChannelTuning,
  type DropReason,
} from './data-channel-types';
import type { AckBatcher } from './ack-batcher';
import { ChannelSender } from './channel-sender';
import { channelClosedOutcome } from './channel-closed-reason';
import { ClientHandshake } from './client-handshake';
import { IncomingBuffer } from './incoming-buffer';
import type { OutgoingBuffer, OutgoingEntry } from './outgoing-buffer';
import { buildOpenDataChannel, parseAcknowledgeContent, parseChannelClosedContent, parseExitCode } from './payloads';
import { LivenessMonitor } from './liveness-monitor';
import { reconnectDelay } from './reconnect-policy';
import type { SendQueue } from './send-queue';

export {
  ChannelErrorCode,
  CLIENT_VERSION,
  defaultDataChannelTuning,
  type ChannelState,
  type DataChannelClientOptions,
  type DataChannelStats,
  type DataChannelTuning,
  type DropReason,
} from './data-channel-types';
export { MAX_INPUT_CHUNK } from './send-queue';

/** Client end of an SSM Session Manager data channel (session-protocol.md). */
export class DataChannelClient {
  private readonly options: DataChannelClientOptions;
  private readonly clock: Clock;
  private readonly tuning: DataChannelTuning;
  private readonly clientId: string;
  private readonly outgoing: OutgoingBuffer;
  private readonly incoming: IncomingBuffer<ClientMessage>;
  private current: ChannelState = { kind: 'connecting' };
  private streamUrl: string;
  private tokenValue: string;
  private socket: WebSocket | null = null;
  private socketOpen = false;
  private started = false;
  private ready = false;
  private readonly handshake: ClientHandshake;
  private liveMessage: ClientMessage | null = null;
  private readonly sender: ChannelSender;
  private readonly sendQueue: SendQueue;
  private readonly acks: AckBatcher;
  private readonly liveness: LivenessMonitor;
  private size: { cols: number; rows: number };
  private outputPaused = false;
  private heldFrames: Buffer[] = [];
  private publicationPaused = false;
  private exitCode: number | null = null;
  private reconnectAttempt = 0;
  private reconnectTimer: unknown = null;
  private connectedAt: number | null = null;
  private framesSinceConnect = 0;
  private terminating = false;
  private terminateTimer: unknown = null;
  private readyTimer: unknown = null;
  private readonly closeWaiters: Array<() => void> = [];
  private framesReceived = 0;
  private outputBytes = 0;
  private duplicates = 0;
  private readonly dropped: Partial<Record<DropReason, number>> = {};
  private lastDrop: string | null = null;

  constructor(options: DataChannelClientOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.tuning = { ...defaultDataChannelTuning, ...options.tuning };
    this.clientId = options.clientId ?? randomUUID();
    this.streamUrl = options.streamUrl;
    this.tokenValue = options.tokenValue;
    this.size = { cols: options.terminalSize.cols, rows: options.terminalSize.rows };
    this.sender = new ChannelSender({
      clock: this.clock,
      retransmit: this.tuning.retransmit,
      maxInFlight: this.tuning.maxInFlight,
      socket: () => (this.socketOpen ? this.socket : null),
      mayPublish: () => !this.publicationPaused && this.current.kind !== 'closed',
      isReady: () => this.ready,
      cipher: () => this.handshake.cipher,
      guard: (work) => this.guard(work),
      onGiveUp: (entry) => this.onResendGiveUp(entry),
    });
    this.outgoing = this.sender.outgoing;
    this.acks = this.sender.acks;
    this.sendQueue = this.sender.queue;
    this.incoming = new IncomingBuffer<ClientMessage>({ deliver: (message) => this.deliver(message) });
    this.handshake = new ClientHandshake({
      context: { sessionId: options.sessionId, targetId: options.targetId, generateDataKey: options.generateDataKey },
      clientVersion: options.clientVersion ?? CLIENT_VERSION,
      isClosed: () => this.isClosed(),
      guard: (work) => this.guard(work),
      reply: (payloadType, payload) => {
        this.sendQueue.pushHandshake(payloadType, payload);
        this.sender.flush();
      },
      drop: (reason, detail) => this.drop(reason, detail),
      fail: (reason) => {
        this.closeSession(reason, ChannelErrorCode.HandshakeFailed);
        this.terminateInBackground();
      },
      emitOutput: (chunk) => this.emitOutput(chunk, 'stdout'),
      becomeReady: () => this.becomeReady(),
    });
    this.liveness = new LivenessMonitor({
      clock: this.clock,
      pingIntervalMs: this.tuning.pingIntervalMs,
      pongTimeoutMs: this.tuning.pongTimeoutMs,
      ping: () => this.socket?.ping('keepalive'),
      onDead: (reason) => this.guard(() => this.onSocketLost(reason)),
    });
  }

  /** Current state. */
  get state(): ChannelState {
    return this.current;
  }

  /** Counters for diagnostics: drops by reason, duplicates, RTT. */
  get stats(): DataChannelStats {
    return {
      framesReceived: this.framesReceived,
      outputBytes: this.outputBytes,
      duplicates: this.duplicates,
      retransmissions: this.outgoing.retransmitCount,
      dropped: { ...this.dropped },
      lastDrop: this.lastDrop,
      smoothedRttMs: this.outgoing.smoothedRtt,
      rtoMs: this.outgoing.rto,
      inputSequence: this.sender.nextSequence,
      outputExpected: this.incoming.expected,
    };
  }

  /** Opens the socket and sends the token frame. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect(this.streamUrl);
  }

  /** Keystrokes/paste: queued until the handshake completes or the first output arrives, then sent in chunks of at most 1024 bytes. */
  sendInput(data: Uint8Array): void {
    if (this.current.kind === 'closed' || data.length === 0) return;
    this.sendQueue.pushInput(data);
    this.sender.flush();
  }

  /** Sends the terminal size (§7.3); sizes not yet sent are coalesced into the latest. */
  resize(cols: number, rows: number): void {
    if (this.current.kind === 'closed') return;
    if (cols === this.size.cols && rows === this.size.rows) return;
    this.size = { cols, rows };
    if (!this.ready) return;
    this.sendQueue.pushSize(this.size);
    this.sender.flush();
  }

  /** Back-pressure: while paused the client neither acknowledges output nor reads from the socket. */
  pauseOutput(): void {
    if (this.outputPaused) return;
    this.outputPaused = true;
    this.socket?.pause();
    this.liveness.setSuspended(true);
  }

  /** Undoes pauseOutput(): processes frames held meanwhile, then reads on. */
  resumeOutput(): void {
    if (!this.outputPaused) return;
    this.outputPaused = false;
    while (this.heldFrames.length > 0 && !this.outputPaused && this.current.kind !== 'closed') {
      const frame = this.heldFrames.shift()!;
      this.guard(() => this.processFrame(frame));
    }
    if (this.outputPaused) return;
    this.socket?.resume();
    this.liveness.setSuspended(false);
  }

  /** Operator-requested reconnect (ResumeSession, same sequence state). */
  reconnect(): void {
    if (this.current.kind === 'closed' || this.terminating || !this.started) return;
    this.dropSocket();
    this.clearTimer('reconnectTimer');
    this.reconnectAttempt = 0;
    this.scheduleReconnect('Reconnect requested.');
  }

  /** Deliberate close: TerminateSession, then the socket closes; resolves once closed. */
  async terminate(): Promise<void> {
    if (this.current.kind === 'closed') return;
    const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    if (!this.terminating) {
      this.terminating = true;
      this.clearTimer('reconnectTimer');
      let failure: string | null = null;
      try {
        await this.options.terminateSession();
      } catch (error) {
        // After a normal exit the service answers "Session is not in a valid state": already over (§11.4).
        if (!isNotValidStateError(error)) failure = errorText(error);
      }
      if (!this.isClosed()) {
        const reason = failure ? `Closed locally; TerminateSession failed: ${failure}` : 'Session terminated.';
        if (!this.socketOpen) {
          this.closeSession(reason, failure ? ChannelErrorCode.ForceClosed : undefined);
        } else {
          this.terminateTimer = this.clock.setTimeout(() => this.closeSession(reason, failure ? ChannelErrorCode.ForceClosed : undefined), this.tuning.terminateWaitMs);
        }
      }
    }
    return closed;
  }

  /** Ends the session locally at once whatever the agent does; TerminateSession is tried in the background. */
  forceClose(reason: string): void {
    if (this.current.kind === 'closed') return;
    this.closeSession(reason, ChannelErrorCode.ForceClosed);
    this.terminateInBackground();
  }

  // ---- socket lifecycle -------------------------------------------------------------------

  private connect(url: string): void {
    let socket: WebSocket;
    try {
      socket = this.options.openSocket ? this.options.openSocket(url) : new WebSocket(url, { perMessageDeflate: false });
    } catch (error) {
      this.onSocketLost(`Could not open the WebSocket: ${errorText(error)}`);
      return;
    }
    this.socket = socket;
    this.socketOpen = false;
    if (this.outputPaused) socket.pause();
    let lastError: string | null = null;
    socket.on('open', () => this.guard(() => socket === this.socket && this.onOpen()));
    socket.on('message', (data: unknown, isBinary: boolean) => {
      if (socket !== this.socket) return;
      this.guard(() => this.onSocketMessage(data, isBinary));
    });
    socket.on('pong', () => {
      if (socket === this.socket) this.liveness.pong();
    });
    socket.on('error', (error: Error) => {
      lastError = error.message;
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (socket !== this.socket) return;
      const text = reason?.length ? ` ${reason.toString('utf8')}` : '';
      this.guard(() => this.onSocketLost(`WebSocket closed (${code}${text})${lastError ? `: ${lastError}` : ''}.`));
    });
  }

  private onOpen(): void {
    this.socketOpen = true;
    this.connectedAt = this.clock.now();
    this.framesSinceConnect = 0;
    // Token frame first, as a text frame; new RequestId each time, same ClientId (§2.3, §11.3).
    this.socket!.send(
      buildOpenDataChannel({
        requestId: randomUUID(),
        tokenValue: this.tokenValue,
        clientId: this.clientId,
        clientVersion: this.options.clientVersion ?? CLIENT_VERSION,
      }),
    );
    this.liveness.start();
    if (!this.ready) this.armReadyTimer();
    if (this.ready) this.setState({ kind: 'connected', encrypted: this.handshake.cipher !== null });
    else if (this.current.kind === 'reconnecting') this.setState({ kind: 'connecting' });
    // A new connection starts unpaused, as the agent does after its own reconnect (§5.4).
    this.publicationPaused = false;
    this.outgoing.resume();
    // Frames written to the dead socket may be lost; resend them now rather than after an RTO.
    this.outgoing.retransmitAll();
    this.sender.flush();
  }

  private armReadyTimer(): void {
    // An open socket that answers pings while the agent never speaks would show "connecting" forever.
    this.clearTimer('readyTimer');
    this.readyTimer = this.clock.setTimeout(() => {
      this.readyTimer = null;
      if (this.ready) return;
      this.closeSession(`The node did not answer within ${Math.round(this.tuning.readyTimeoutMs / 1000)} s.`, ChannelErrorCode.HandshakeFailed);
      this.terminateInBackground();
    }, this.tuning.readyTimeoutMs);
  }

  private onSocketLost(reason: string): void {
    if (this.current.kind === 'closed') return;
    const wasStable =
      this.connectedAt !== null &&
      (this.framesSinceConnect > 0 || this.clock.now() - this.connectedAt >= this.tuning.reconnect.stableAfterMs);
    this.dropSocket();
    if (this.terminating) {
      this.closeSession('Session terminated.');
      return;
    }
    // A connection that worked earns a fresh budget, so the hourly `close 1000 "Bye"` never adds up (§10).
    if (wasStable) this.reconnectAttempt = 0;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    this.reconnectAttempt++;
    const delay = reconnectDelay(this.tuning.reconnect, this.reconnectAttempt);
    if (delay === null) {
      this.closeSession(
        `Lost the connection and could not reconnect in ${Math.round(this.tuning.reconnect.budgetMs / 1000)} s (${this.reconnectAttempt - 1} attempts). Last problem: ${reason}`,
        ChannelErrorCode.ReconnectFailed,
      );
      // The tab is closed for good; without this the service keeps the session open until its idle timeout.
      this.terminateInBackground();
      return;
    }
    this.setState({ kind: 'reconnecting', attempt: this.reconnectAttempt, reason });
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.resume(reason);
    }, delay);
  }

  private async resume(previousReason: string): Promise<void> {
    let result: { streamUrl?: string; tokenValue: string };
    try {
      result = await this.options.resumeSession();
    } catch (error) {
      if (this.current.kind === 'closed' || this.terminating) return;
      if (isNotValidStateError(error) || isDoesNotExistError(error)) {
        this.closeSession(`The session can no longer be resumed: ${errorText(error)}`, ChannelErrorCode.SessionExpired);
        return;
      }
      this.scheduleReconnect(`ResumeSession failed: ${errorText(error)} (after: ${previousReason})`);
      return;
    }
    if (this.current.kind === 'closed' || this.terminating) return;
    if (!result.tokenValue) {
      // No token means the service considers the session over (§11.3 step 2).
      this.closeSession('The session timed out and can no longer be resumed.', ChannelErrorCode.SessionExpired);
      return;
    }
    this.tokenValue = result.tokenValue;
    if (result.streamUrl) this.streamUrl = result.streamUrl;
    this.connect(this.streamUrl);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.socketOpen = false;
    this.connectedAt = null;
    this.liveness.stop();
    this.clearTimer('readyTimer');
    this.outgoing.pause();
    this.acks.clear();
    this.heldFrames = [];
    if (!socket) return;
    socket.removeAllListeners();
    // ws may still report an error while tearing down; an unhandled 'error' event would crash main.
    socket.on('error', () => undefined);
    try {
      socket.terminate();
    } catch {
      // Already closed.
    }
  }

  // ---- receiving ----------------------------------------------------------------------------

  private onSocketMessage(data: unknown, isBinary: boolean): void {
    if (!isBinary) {
      this.drop('text-frame', 'Unexpected text frame from the service.');
      return;
    }
    const frame = toBuffer(data);
    if (this.outputPaused) {
      this.heldFrames.push(frame);
      return;
    }
    this.processFrame(frame);
  }

  private processFrame(frame: Buffer): void {
    this.framesReceived++;
    this.framesSinceConnect++;
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
    } catch (error) {
      // A bad frame is dropped unacked, as the plugin does (§3.4); a sequenced one comes again.
      if (error instanceof FrameError) this.drop(error.reason, error.message);
      else throw error;
      return;
    }
    switch (message.messageType) {
      case MessageType.OutputStreamData: {
        this.liveMessage = message;
        const verdict = this.incoming.push(message.sequenceNumber, message);
        this.liveMessage = null;
        if (verdict === 'buffered') this.sender.queueAck(message);
        else if (verdict === 'duplicate') {
          // The plugin ignores duplicates; re-acking stops the agent resending forever after a lost ack (§4).
          this.duplicates++;
          this.sender.queueAck(message);
        } else if (verdict === 'overflow') this.drop('window-full', `Output seq ${message.sequenceNumber} is beyond the reorder window.`);
        return;
      }
      case MessageType.Acknowledge: {
        let seq: number;
        try {
          seq = parseAcknowledgeContent(message.payload).acknowledgedMessageSequenceNumber;
        } catch (error) {
          this.drop('bad-payload', errorText(error));
          return;
        }
        if (this.outgoing.acknowledge(seq)) this.sender.flush();
        return;
      }
      case MessageType.ChannelClosed:
        this.onChannelClosed(message);
        return;
      case MessageType.PausePublication:
        // The agent's side went inactive: hold new input and stop retransmitting (the plugin does not, §5.2).
        this.publicationPaused = true;
        this.outgoing.pause();
        return;
      case MessageType.StartPublication:
        this.publicationPaused = false;
        if (this.socketOpen) this.outgoing.resume();
        this.sender.flush();
        return;
      default:
        this.drop('message-type', `Unknown message type ${message.messageType}.`);
    }
  }

  /** In-order output messages, live or drained from the reorder buffer (§5.3). */
  private deliver(message: ClientMessage): void {
    // Ack before processing, so the ack leaves before any reply the processing sends (§4).
    // Drained messages were acked when they were buffered.
    if (message === this.liveMessage) this.sender.queueAck(message);
    switch (message.payloadType) {
      case PayloadType.Output: {
        const plain = this.open(message.payload);
        if (plain === null) return;
        if (!this.ready && !this.handshake.started) this.becomeReady(); // no-handshake path (§6.2)
        this.emitOutput(plain, 'stdout');
        return;
      }
      case PayloadType.StdErr: {
        const plain = this.open(message.payload);
        if (plain !== null) this.emitOutput(plain, 'stderr');
        return;
      }
      case PayloadType.ExitCode: {
        const plain = this.open(message.payload);
        if (plain !== null) this.exitCode = parseExitCode(plain) ?? this.exitCode;
        return;
      }
      case PayloadType.HandshakeRequest:
        this.handshake.onRequest(message.payload);
        return;
      case PayloadType.EncChallengeRequest:
        this.handshake.onChallenge(message.payload);
        return;
      case PayloadType.HandshakeComplete:
        this.handshake.onComplete(message.payload);
        return;
      case PayloadType.Flag:
        // Port-session flags; a shell never acts on them (§9).
        return;
      default:
        this.drop('unknown-payload-type', `Ignored output PayloadType ${message.payloadType}.`);
    }
  }

  private onChannelClosed(message: ClientMessage): void {
    let output = '';
    try {
      output = parseChannelClosedContent(message.payload).output;
    } catch (error) {
      this.drop('bad-payload', errorText(error));
    }
    const outcome = channelClosedOutcome(output, { terminating: this.terminating, handshakeError: this.handshake.error });
    this.closeSession(outcome.reason, outcome.errorCode);
  }

  private open(payload: Uint8Array): Uint8Array | null {
    const cipher = this.handshake.cipher;
    if (!cipher) return payload;
    try {
      return cipher.decrypt(payload);
    } catch {
      // Tampering or a key mix-up: showing nothing is wrong, showing garbage is worse.
      this.closeSession('An encrypted message failed authentication; the session was closed.', ChannelErrorCode.DecryptFailed);
      this.terminateInBackground();
      return null;
    }
  }

  private emitOutput(chunk: Uint8Array, stream: 'stdout' | 'stderr'): void {
    this.outputBytes += chunk.length;
    this.options.onOutput(chunk, stream);
  }

  private becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.clearTimer('readyTimer');
    this.setState({ kind: 'connected', encrypted: this.handshake.cipher !== null });
    // The size goes first, right after the session starts (§7.3).
    this.sendQueue.pushSize(this.size, true);
    this.sender.flush();
  }

  // ---- ending -------------------------------------------------------------------------------

  private onResendGiveUp(entry: OutgoingEntry): void {
    const seconds = Math.round((this.clock.now() - entry.firstSentAt) / 1000);
    this.closeSession(`The agent stopped acknowledging input (message ${entry.sequenceNumber} unacknowledged for ${seconds} s).`, ChannelErrorCode.ResendTimeout);
    this.terminateInBackground();
  }

  private closeSession(reason: string, errorCode?: string): void {
    if (this.current.kind === 'closed') return;
    this.clearTimer('reconnectTimer');
    this.clearTimer('terminateTimer');
    this.clearTimer('readyTimer');
    const socket = this.socket;
    if (socket && this.socketOpen && errorCode !== ChannelErrorCode.ForceClosed) {
      // Flush what we owe, then close politely; dropSocket terminates whatever is left.
      this.acks.flush();
      try {
        socket.close(1000);
      } catch {
        // Already closing.
      }
    }
    this.dropSocket();
    this.outgoing.clear();
    this.incoming.clear();
    this.sendQueue.clear();
    this.setState({ kind: 'closed', reason, exitCode: this.exitCode, ...(errorCode ? { errorCode } : {}) });
    for (const resolve of this.closeWaiters.splice(0)) resolve();
  }

  private terminateInBackground(): void {
    this.options.terminateSession().catch(() => undefined);
  }

  private setState(state: ChannelState): void {
    this.current = state;
    try {
      this.options.onStateChange(state);
    } catch {
      // A listener's bug must not break the protocol.
    }
  }

  private drop(reason: DropReason, detail: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
    this.lastDrop = `${reason}: ${detail}`;
  }

  /** Runs socket-event work; nothing may escape into ws's emitter (the issue's "never throw out of a handler"). */
  private guard(work: () => unknown): void {
    try {
      work();
    } catch (error) {
      this.closeSession(`Internal error in the session client: ${errorText(error)}`, ChannelErrorCode.InternalError);
    }
  }

  private isClosed(): boolean {
    return this.current.kind === 'closed';
  }

  private clearTimer(name: 'reconnectTimer' | 'terminateTimer' | 'readyTimer'): void {
    const handle = this[name];
    if (handle !== null) this.clock.clearTimeout(handle);
    this[name] = null;
  }
}

