import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { SimulatedKms } from '../kms/kms-service';
import { toBuffer } from '../../sessions/protocol/client-helpers';
import { FrameError, MessageType, PayloadFlag, PayloadType, decodeClientMessage } from '../../sessions/protocol/codec';
import type { ClientMessage } from '../../sessions/protocol/codec';
import { systemClock } from '../../sessions/protocol/clock';
import type { Clock } from '../../sessions/protocol/clock';
import { CipherError } from '../../sessions/protocol/kms-crypto';
import { IncomingBuffer } from '../../sessions/protocol/incoming-buffer';
import {
  buildAcknowledgeContent,
  buildChannelClosedContent,
  buildExitCode,
  buildHandshakeComplete,
  parseAcknowledgeContent,
  parseFlag,
  parseTerminalSize,
} from '../../sessions/protocol/payloads';
import { buildAgentHandshakeRequest, checkChallengeResponse, judgeHandshakeResponse } from './agent-handshake';
import { AgentOutput } from './agent-output';
import { DataChannelClose } from './data-channel-server';
import { generatedOutput } from './generated-output';
import { spawnShell } from './pty-runner';
import type { ShellProcess } from './pty-runner';
import type { SessionFaultState } from './session-controls';
import type { SessionRegistry, SimulatedSession } from './session-registry';

export { TRAINING_AGENT_VERSION } from './agent-handshake';

/**
 * The agent (and the MGS relay in front of it) for one training-fleet session: a real shell in a
 * PTY, sequenced output with retransmission on the shared OutgoingBuffer, in-order input with
 * acks and re-acked duplicates (session-protocol.md §4, §5.4), the no-handshake path (first
 * Output after a delay, SYN set, §6.2) or the handshake with KMSEncryption and the challenge
 * (§6.3, §8), Size → PTY resize, ExitCode then channel_closed on exit (§11.1), the idle timeout
 * (§10), and every fault of SessionControls. Sequence state survives reconnects (§5.1).
 */

/** Durations the agent works with, in ms. */
export interface AgentTimings {
  readonly idleTimeoutMs: number;
  readonly firstOutputDelayMs: number;
  readonly handshakeTimeoutMs: number;
  readonly drainTimeoutMs: number;
}

/** What one agent needs. */
export interface SessionAgentDeps {
  readonly session: SimulatedSession;
  readonly registry: SessionRegistry;
  readonly faults: SessionFaultState;
  readonly kms: SimulatedKms;
  readonly timings: AgentTimings;
  readonly sandboxRoot: string | undefined;
  /** Key the session must be encrypted with, or undefined for a plain session. */
  readonly kmsKeyId: string | undefined;
  /** Whether the session starts with a handshake (always true with KMS). */
  readonly handshake: boolean;
  /** The session has ended and the agent holds no resources any more. */
  readonly onEnded: () => void;
  readonly clock?: Clock;
}

// After the shell exits: terminal quiet this long means its output is all read; never wait longer than the max.
const exitQuietMs = 30;
const exitSettleMaxMs = 500;

/** Text of channel_closed after the idle timeout (§10). */
export const IDLE_TIMEOUT_OUTPUT = 'Your session timed out due to inactivity and has been terminated.';
/** Text of channel_closed after a handshake timeout (§6.3). */
export const HANDSHAKE_TIMEOUT_OUTPUT =
  '\n----------ERROR-------\nEncountered error while initiating handshake. Handshake timed out. Please ensure that you have the latest version of the session manager plugin.';

type Phase = 'waiting' | 'starting' | 'handshake' | 'challenge' | 'ready' | 'ending' | 'ended';

const MAX_DATA = 1024;
const INCOMING_CAPACITY = 100_000;
// Stop reading the PTY while this many frames await acks: `yes` must not fill memory.
const HIGH_WATER = 2048;
const LOW_WATER = 512;
const V4_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One live session's agent side. */
export class SessionAgent {
  readonly #deps: SessionAgentDeps;
  readonly #clock: Clock;
  readonly #id: string;
  readonly #out: AgentOutput;
  readonly #incoming: IncomingBuffer<ClientMessage>;
  readonly #held: Buffer[] = [];
  #socket: WebSocket | undefined;
  #shell: ShellProcess | undefined;
  #shellPaused = false;
  #lastShellDataAt = 0;
  #phase: Phase = 'waiting';
  #paused = false;
  #stalled = false;
  #challenge: Buffer | undefined;
  #handshakeStarted = 0;
  /** The Challenge string of our KMSEncryption action (§8 step 6). */
  #requestChallenge: string | undefined;
  readonly #timers = new Set<unknown>();
  #idleTimer: unknown;
  #phaseTimer: unknown;
  #exited: Promise<void> | undefined;
  #generated: { left: number; offset: number; resolve: () => void; reject: (error: Error) => void } | undefined;
  #pumpScheduled = false;

  constructor(deps: SessionAgentDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#id = deps.session.sessionId;
    this.#out = new AgentOutput({ sessionId: this.#id, faults: deps.faults, clock: this.#clock, later: (ms, fn) => this.#later(ms, fn) });
    // The agent's incoming buffer holds 100 000 messages (§5.4, §12).
    this.#incoming = new IncomingBuffer<ClientMessage>({ deliver: (message) => this.#process(message), capacity: INCOMING_CAPACITY });
    this.#touch();
  }

  /** Takes over a token-checked socket; the first one starts the shell, later ones resume the stream. */
  attach(socket: WebSocket): void {
    if (this.#phase === 'ending' || this.#phase === 'ended') {
      socket.close(DataChannelClose.SessionEnded.code, DataChannelClose.SessionEnded.reason);
      return;
    }
    const previous = this.#socket;
    this.#socket = socket;
    this.#out.setSocket(socket);
    if (previous) previous.close(DataChannelClose.Replaced.code, DataChannelClose.Replaced.reason);
    this.#deps.registry.setStatus(this.#id, 'Connected');
    socket.on('message', (data, isBinary) => this.#onFrame(socket, data, isBinary));
    socket.on('close', (code, reason) => this.#onClose(socket, code, reason.toString('utf8')));
    socket.on('error', () => undefined);
    if (this.#phase === 'waiting') {
      this.#start();
      return;
    }
    if (this.#paused) this.#sendControl(MessageType.PausePublication, 'pause-publication-sent');
    this.#out.resendAll();
    this.#pump();
  }

  /** Bench/test only: sends `bytes` of generated output (no PTY) as fast as acks allow; resolves once all is acked. */
  streamOutput(bytes: number): Promise<void> {
    if (!Number.isInteger(bytes) || bytes < 1) return Promise.reject(new RangeError(`Byte count must be a positive integer; got ${bytes}.`));
    if (this.#phase === 'ending' || this.#phase === 'ended') return Promise.reject(new Error(`Session ${this.#id} has ended.`));
    if (this.#generated) return Promise.reject(new Error(`Session ${this.#id} is already streaming generated output.`));
    return new Promise((resolve, reject) => {
      this.#generated = { left: bytes, offset: 0, resolve, reject };
      this.#pump();
    });
  }

  /** Ends the session (TerminateSession, Flag TerminateSession, idle timeout): channel_closed with `output`. */
  terminate(output: string, status: 'Terminated' | 'Failed' = 'Terminated'): void {
    if (this.#phase === 'ending' || this.#phase === 'ended') return;
    this.#phase = 'ending';
    this.#deps.registry.setStatus(this.#id, 'Terminating');
    this.#shell?.kill();
    this.#finish(output, status);
  }

  /** Simulator shutdown: kills the shell, closes the socket, resolves once the PTY is gone. */
  async shutdown(close: { code: number; reason: string }): Promise<void> {
    const exited = this.#exited;
    this.#shell?.kill();
    this.#socket?.close(close.code, close.reason);
    this.#socket = undefined;
    this.#out.setSocket(undefined);
    this.#end('Terminated');
    if (exited) await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  }

  /** MGS tells the client the agent is away; output is held until startPublication. */
  pausePublication(): void {
    this.#paused = true;
    this.#out.setHeld(true);
    this.#sendControl(MessageType.PausePublication, 'pause-publication-sent');
    this.#updateShellFlow();
  }

  /** MGS tells the client the agent is back; held output flows. */
  startPublication(): void {
    this.#sendControl(MessageType.StartPublication, 'start-publication-sent');
    this.#paused = false;
    if (!this.#stalled) this.#out.setHeld(false);
    this.#pump();
    this.#updateShellFlow();
  }

  /** Closes the current socket (e.g. 1000 "Bye"); the session stays resumable. */
  closeSocket(code: number, reason: string): void {
    this.#socket?.close(code, reason);
  }

  /** Stops all sending and acking. */
  stall(): void {
    this.#stalled = true;
    this.#out.setHeld(true);
    this.#updateShellFlow();
  }

  /** Ends a stall. */
  unstall(): void {
    this.#stalled = false;
    if (!this.#paused) this.#out.setHeld(false);
    this.#pump();
    this.#updateShellFlow();
  }

  #start(): void {
    let shell: ShellProcess;
    try {
      shell = spawnShell({ instanceId: this.#deps.session.target, cols: 80, rows: 24, sandboxRoot: this.#deps.sandboxRoot });
    } catch (error) {
      this.#phase = 'ending';
      this.#finish(`\n----------ERROR-------\nUnable to start shell: ${error instanceof Error ? error.message : String(error)}`, 'Failed');
      return;
    }
    this.#shell = shell;
    this.#exited = new Promise((resolve) => shell.onExit(() => resolve()));
    shell.onData((chunk) => this.#onShellData(chunk));
    shell.onExit((code) => this.#onShellExit(code));
    if (this.#deps.handshake) {
      this.#phase = 'handshake';
      this.#handshakeStarted = this.#clock.now();
      const request = buildAgentHandshakeRequest(this.#deps.kmsKeyId);
      this.#requestChallenge = request.requestChallenge;
      this.#out.send(PayloadType.HandshakeRequest, request.payload);
      this.#armPhaseTimer(() => this.terminate(HANDSHAKE_TIMEOUT_OUTPUT, 'Failed'));
      return;
    }
    this.#phase = 'starting';
    // The agent's writePump waits 1 s before its first read (§6.2, §12).
    this.#phaseTimer = this.#later(this.#deps.timings.firstOutputDelayMs, () => this.#becomeReady());
  }

  #becomeReady(): void {
    this.#clearPhaseTimer();
    this.#phase = 'ready';
    const held = Buffer.concat(this.#held.splice(0));
    if (held.length > 0) this.#sendShellOutput(held);
    this.#pump();
  }

  #onShellData(chunk: Buffer): void {
    this.#lastShellDataAt = this.#clock.now();
    if (this.#phase === 'ready' || this.#phase === 'ending') this.#sendShellOutput(chunk);
    else if (this.#phase !== 'ended') this.#held.push(chunk);
  }

  #sendShellOutput(data: Buffer): void {
    let rest = data;
    while (rest.length > 0) {
      let n = Math.min(MAX_DATA, rest.length);
      // Whole UTF-8 characters per message, as the agent sends them (§7.2).
      if (n < rest.length) while (n > 0 && ((rest[n] ?? 0) & 0xc0) === 0x80) n--;
      if (n === 0) n = Math.min(MAX_DATA, rest.length);
      this.#out.queue(PayloadType.Output, rest.subarray(0, n));
      rest = rest.subarray(n);
    }
    // One write for the whole PTY read (§16).
    this.#out.flush();
    this.#updateShellFlow();
  }

  #onShellExit(code: number): void {
    if (this.#phase === 'ending' || this.#phase === 'ended') return;
    if (this.#phase !== 'ready') this.#becomeReady();
    this.#phase = 'ending';
    this.#deps.registry.setStatus(this.#id, 'Terminating');
    // node-pty reports the exit (waitpid) independently of its reads: the shell's last words ("exit")
    // can arrive just after it. The agent reads the terminal to its end before the exit code, so
    // wait until the terminal has been quiet for a moment (bounded) before sending ExitCode.
    const exitedAt = this.#clock.now();
    const settle = (): void => {
      if (this.#phase !== 'ending') return;
      const now = this.#clock.now();
      if (now - this.#lastShellDataAt >= exitQuietMs || now - exitedAt >= exitSettleMaxMs) this.#sendExit(code);
      else this.#later(exitQuietMs, settle);
    };
    settle();
  }

  #sendExit(code: number): void {
    this.#out.send(PayloadType.ExitCode, buildExitCode(code));
    // Up to drainTimeoutMs for the client to ack everything before channel_closed (§11.1).
    const started = this.#clock.now();
    const poll = (): void => {
      if (this.#phase !== 'ending') return;
      if (this.#out.backlog === 0 || this.#clock.now() - started >= this.#deps.timings.drainTimeoutMs) {
        this.#finish('', 'Terminated');
      } else this.#later(10, poll);
    };
    poll();
  }

  #finish(output: string, status: 'Terminated' | 'Failed'): void {
    const socket = this.#socket;
    if (socket && socket.readyState === socket.OPEN) {
      const payload = buildChannelClosedContent({
        messageId: randomUUID(),
        createdDate: new Date(this.#clock.now()).toISOString(),
        destinationId: randomUUID(),
        sessionId: this.#id,
        schemaVersion: 1,
        output,
      });
      socket.send(this.#out.frame(MessageType.ChannelClosed, 0, 0, 0, payload));
      this.#deps.faults.record({ sessionId: this.#id, kind: 'channel-closed-sent', detail: output });
      socket.close(1000, 'Session ended');
    }
    this.#end(status);
  }

  #end(status: 'Terminated' | 'Failed'): void {
    if (this.#phase === 'ended') return;
    this.#phase = 'ended';
    this.#deps.registry.end(this.#id, status);
    this.#out.clear();
    const generated = this.#generated;
    this.#generated = undefined;
    generated?.reject(new Error(`Session ${this.#id} ended while streaming generated output.`));
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#shell?.kill();
    this.#deps.onEnded();
  }

  #onClose(socket: WebSocket, code: number, reason: string): void {
    this.#deps.faults.record({ sessionId: this.#id, kind: 'socket-closed', detail: `${code} ${reason}`.trim() });
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#out.setSocket(undefined);
    if (this.#phase !== 'ending' && this.#phase !== 'ended') this.#deps.registry.setStatus(this.#id, 'Disconnected');
  }

  #onFrame(socket: WebSocket, data: RawData, isBinary: boolean): void {
    if (socket !== this.#socket || this.#phase === 'ended') return;
    if (!isBinary) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', detail: 'text frame after OpenDataChannel' });
      return;
    }
    if (this.#stalled) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'input-discarded', detail: 'stalled' });
      return;
    }
    const bytes = toBuffer(data);
    let message: ClientMessage;
    try {
      message = decodeClientMessage(bytes, { verifyDigest: true });
    } catch (error) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', detail: error instanceof FrameError ? error.reason : String(error) });
      return;
    }
    // A client that forgets the half swap (§3.2) sends ids that do not decode to a v4 UUID.
    if (!V4_UUID.test(message.messageId)) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', sequenceNumber: message.sequenceNumber, detail: 'message-id' });
      return;
    }
    if (message.createdDate === 0 || message.schemaVersion !== 1) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', sequenceNumber: message.sequenceNumber, detail: 'header' });
      return;
    }
    if (message.messageType === MessageType.Acknowledge) this.#onAck(message);
    else if (message.messageType === MessageType.InputStreamData) this.#onInput(message);
    else this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', detail: `message-type ${message.messageType}` });
  }

  #onAck(message: ClientMessage): void {
    let seq: number;
    try {
      const content = parseAcknowledgeContent(message.payload);
      seq = content.acknowledgedMessageSequenceNumber;
      if (content.acknowledgedMessageType !== MessageType.OutputStreamData) throw new Error(`acks ${content.acknowledgedMessageType}`);
    } catch (error) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', detail: `ack: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    // §4: acks carry seq 0, flags 3, PayloadType 0; anything else is a client bug worth seeing.
    if (message.sequenceNumber !== 0 || message.flags !== 3 || message.payloadType !== 0) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'frame-rejected', sequenceNumber: seq, detail: 'ack-header' });
      return;
    }
    const matched = this.#out.acknowledge(seq);
    this.#deps.faults.record({ sessionId: this.#id, kind: matched ? 'ack-received' : 'ack-unmatched', sequenceNumber: seq });
    this.#updateShellFlow();
    this.#schedulePump();
  }

  #schedulePump(): void {
    if (!this.#generated || this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // Once per socket read: every ack of the read is counted before the window refills.
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const g = this.#generated;
    if (!g || this.#phase !== 'ready' || !this.#socket || this.#paused || this.#stalled) return;
    while (g.left > 0 && this.#out.backlog < HIGH_WATER) {
      const n = Math.min(MAX_DATA, g.left);
      this.#out.queue(PayloadType.Output, generatedOutput(g.offset, n));
      g.offset += n;
      g.left -= n;
    }
    // The window refills in one corked write per socket read of acks (§16).
    this.#out.flush();
    if (g.left === 0 && this.#out.backlog === 0) {
      this.#generated = undefined;
      g.resolve();
    }
  }

  #onInput(message: ClientMessage): void {
    const base = { sessionId: this.#id, sequenceNumber: message.sequenceNumber, payloadType: message.payloadType };
    const early = message.sequenceNumber > this.#incoming.expected;
    // The agent processes, then acks (§4); duplicates are re-acked; overflow is not acked so the client resends.
    const verdict = this.#incoming.push(message.sequenceNumber, message);
    if (verdict === 'duplicate') this.#deps.faults.record({ ...base, kind: 'input-duplicate' });
    else if (verdict !== 'overflow') {
      const detail = [early ? 'early' : '', this.#paused ? 'during pause' : ''].filter((d) => d !== '').join(', ');
      this.#deps.faults.record({ ...base, kind: 'input-received', ...(detail !== '' ? { detail } : {}) });
    }
    if (verdict !== 'overflow') this.#ack(message);
  }

  #process(message: ClientMessage): void {
    const discard = (why: string): void =>
      this.#deps.faults.record({ sessionId: this.#id, kind: 'input-discarded', sequenceNumber: message.sequenceNumber, payloadType: message.payloadType, detail: why });
    switch (this.#phase) {
      case 'handshake':
        if (message.payloadType === PayloadType.HandshakeResponse) this.#onHandshakeResponse(message.payload);
        else discard('during handshake');
        return;
      case 'challenge':
        if (message.payloadType === PayloadType.EncChallengeResponse) this.#onChallengeResponse(message.payload);
        else discard('during handshake');
        return;
      case 'ready':
        break;
      default:
        // Early input is acked and dropped (§6.2): the client must wait for the first Output.
        discard(this.#phase === 'starting' ? 'before first output' : `session ${this.#phase}`);
        return;
    }
    if (message.payloadType === PayloadType.Output) {
      let data: Uint8Array = message.payload;
      const cipher = this.#out.cipher;
      if (cipher) {
        try {
          data = cipher.decrypt(data);
        } catch (error) {
          discard(error instanceof CipherError ? 'decrypt' : String(error));
          return;
        }
      }
      this.#touch();
      this.#shell?.write(data);
    } else if (message.payloadType === PayloadType.Size) {
      try {
        const size = parseTerminalSize(message.payload);
        this.#shell?.resize(size.cols, size.rows);
        this.#deps.faults.record({ sessionId: this.#id, kind: 'resized', sequenceNumber: message.sequenceNumber, detail: `${size.cols}x${size.rows}` });
      } catch (error) {
        discard(`size: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (message.payloadType === PayloadType.Flag) {
      let flag = -1;
      try {
        flag = parseFlag(message.payload);
      } catch {
        // Reported below as an unknown flag.
      }
      if (flag === PayloadFlag.TerminateSession) this.terminate('');
      else discard(`flag ${flag}`);
    } else discard(`payload type ${message.payloadType}`);
  }

  #onHandshakeResponse(payload: Uint8Array): void {
    const verdict = judgeHandshakeResponse(payload, {
      sessionId: this.#id,
      target: this.#deps.session.target,
      kms: this.#deps.kms,
      kmsKeyId: this.#deps.kmsKeyId,
      requestChallenge: this.#requestChallenge,
    });
    if (verdict.detail !== undefined) this.#deps.faults.record({ sessionId: this.#id, kind: 'handshake-response', detail: verdict.detail });
    if (verdict.kind === 'fail') {
      this.terminate(verdict.output, 'Failed');
      return;
    }
    if (verdict.kind === 'complete') {
      this.#complete('');
      return;
    }
    this.#out.cipher = verdict.cipher;
    this.#challenge = verdict.challenge;
    this.#phase = 'challenge';
    // The challenge is sealed inside its payload; the message itself is not encrypted again (§8).
    this.#out.send(PayloadType.EncChallengeRequest, verdict.challengePayload, false);
    this.#armPhaseTimer(() => this.terminate(HANDSHAKE_TIMEOUT_OUTPUT, 'Failed'));
  }

  #onChallengeResponse(payload: Uint8Array): void {
    const failure = checkChallengeResponse(payload, this.#out.cipher, this.#challenge);
    if (failure !== undefined) {
      this.terminate(failure, 'Failed');
      return;
    }
    this.#deps.faults.record({ sessionId: this.#id, kind: 'encryption-enabled' });
    this.#complete('This session is encrypted using AWS KMS.');
  }

  #complete(customerMessage: string): void {
    this.#clearPhaseTimer();
    const tookNs = Math.max(0, this.#clock.now() - this.#handshakeStarted) * 1_000_000;
    this.#out.send(PayloadType.HandshakeComplete, buildHandshakeComplete({ HandshakeTimeToComplete: tookNs, CustomerMessage: customerMessage }));
    this.#becomeReady();
  }

  #ack(message: ClientMessage): void {
    if (this.#deps.faults.takeAckDrop(this.#id)) {
      this.#deps.faults.record({ sessionId: this.#id, kind: 'output-dropped', sequenceNumber: message.sequenceNumber, detail: 'ack' });
      return;
    }
    const payload = buildAcknowledgeContent({
      acknowledgedMessageType: MessageType.InputStreamData,
      acknowledgedMessageId: message.messageId,
      acknowledgedMessageSequenceNumber: message.sequenceNumber,
    });
    this.#out.writeNow(this.#out.frame(MessageType.Acknowledge, 0, 3, 0, payload));
    this.#deps.faults.record({ sessionId: this.#id, kind: 'ack-sent', sequenceNumber: message.sequenceNumber });
  }

  #sendControl(messageType: string, kind: 'pause-publication-sent' | 'start-publication-sent'): void {
    if (this.#out.writeNow(this.#out.frame(messageType, 0, 0, 0, new Uint8Array(0)))) this.#deps.faults.record({ sessionId: this.#id, kind });
  }

  #updateShellFlow(): void {
    const shell = this.#shell;
    if (!shell) return;
    const backlog = this.#out.backlog;
    const hold = this.#paused || this.#stalled || backlog > HIGH_WATER;
    if (hold && !this.#shellPaused) {
      this.#shellPaused = true;
      shell.pause();
    } else if (!hold && this.#shellPaused && backlog < LOW_WATER) {
      this.#shellPaused = false;
      shell.resume();
    }
  }

  #touch(): void {
    if (this.#idleTimer !== undefined) {
      this.#clock.clearTimeout(this.#idleTimer);
      this.#timers.delete(this.#idleTimer);
    }
    this.#idleTimer = this.#later(this.#deps.timings.idleTimeoutMs, () => this.terminate(IDLE_TIMEOUT_OUTPUT));
  }

  #armPhaseTimer(fire: () => void): void {
    this.#clearPhaseTimer();
    this.#phaseTimer = this.#later(this.#deps.timings.handshakeTimeoutMs, fire);
  }

  #clearPhaseTimer(): void {
    if (this.#phaseTimer === undefined) return;
    this.#clock.clearTimeout(this.#phaseTimer);
    this.#timers.delete(this.#phaseTimer);
    this.#phaseTimer = undefined;
  }

  #later(ms: number, fn: () => void): unknown {
    const handle: unknown = this.#clock.setTimeout(() => {
      this.#timers.delete(handle);
      fn();
    }, ms);
    this.#timers.add(handle);
    return handle;
  }
}
