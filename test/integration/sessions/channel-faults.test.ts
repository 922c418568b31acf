import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ResumeSessionCommand, SSMClient, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageType } from '../../../main/sessions/protocol/codec';
import { ChannelErrorCode, DataChannelClient, type ChannelState, type DataChannelTuning } from '../../../main/sessions/protocol/data-channel-client';
import { parseAcknowledgeContent } from '../../../main/sessions/protocol/payloads';
import { IDLE_TIMEOUT_OUTPUT } from '../../../main/simulator/sessions/session-agent';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { WsFaultProxy } from '../../helpers/ws-fault-proxy';

/**
 * The protocol client against the training fleet's agent under every fault the simulator offers
 * and every bad input the issue lists. The rule throughout: the bytes the user sees are the same
 * as in a fault-free run of the same commands (only the prompt is normalised), and the closed
 * state says what happened. Each client dials through WsFaultProxy, which also lets the tests see
 * the wire.
 */

/** The scripted commands: state kept in a variable, a burst of output, and an exit code. */
const STEPS = ['X=kept-$((6*7))', 'seq 1 3000; echo done-$((40+2))', 'echo x=$X', 'exit 3'];
const OUTPUT_STEP = 1;

/** Short timings so the suite stays fast; the agent keeps its own RTO (200 ms, doubling). */
const FAST: Partial<DataChannelTuning> = {
  retransmit: { initialRtoMs: 100, maxBackoffMs: 800, giveUpAfterMs: 15_000 },
  reconnect: { firstDelayMs: 20, maxDelayMs: 400, budgetMs: 5_000, stableAfterMs: 500 },
  pingIntervalMs: 1_000,
  pongTimeoutMs: 3_000,
  terminateWaitMs: 3_000,
};

let dir: string;
let sim: RunningSimulator;
let ssm: SSMClient;
let kms: KMSClient;
let node: string;
let prompt: RegExp;
/** The fault-free transcript every faulty run must reproduce byte for byte. */
let reference: string;
let proxy: WsFaultProxy | undefined;
const channels: Channel[] = [];

/** One client on one session, with what it showed the user. */
interface Channel {
  readonly sessionId: string;
  readonly client: DataChannelClient;
  readonly states: ChannelState[];
  readonly chunks: Buffer[];
  /** Tokens issued by StartSession and each ResumeSession, in order. */
  readonly issuedTokens: string[];
  readonly terminations: Array<Promise<void>>;
  readonly openedAt: number;
  text(): string;
  until<T>(probe: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
}

async function openChannel(
  options: { tuning?: Partial<DataChannelTuning>; direct?: boolean; beforeStart?: (sessionId: string) => void } = {},
): Promise<Channel> {
  const started = await ssm.send(new StartSessionCommand({ Target: node }));
  const sessionId = started.SessionId ?? '';
  const states: ChannelState[] = [];
  const chunks: Buffer[] = [];
  const issuedTokens = [started.TokenValue ?? ''];
  const terminations: Array<Promise<void>> = [];
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  const client = new DataChannelClient({
    sessionId,
    streamUrl: started.StreamUrl ?? '',
    tokenValue: started.TokenValue ?? '',
    targetId: node,
    terminalSize: { cols: 80, rows: 24 },
    resumeSession: async () => {
      const out = await ssm.send(new ResumeSessionCommand({ SessionId: sessionId }));
      issuedTokens.push(out.TokenValue ?? '');
      return { tokenValue: out.TokenValue ?? '', ...(out.StreamUrl ? { streamUrl: out.StreamUrl } : {}) };
    },
    terminateSession: () => {
      const done = ssm.send(new TerminateSessionCommand({ SessionId: sessionId })).then(() => undefined);
      terminations.push(done.catch(() => undefined));
      return done;
    },
    generateDataKey: async ({ keyId, encryptionContext }) => {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 64, EncryptionContext: encryptionContext }));
      return { plaintext: out.Plaintext ?? new Uint8Array(), ciphertextBlob: out.CiphertextBlob ?? new Uint8Array() };
    },
    ...(options.direct ? {} : { openSocket: wire().openSocket }),
    tuning: { ...FAST, ...options.tuning },
    onOutput: (chunk) => {
      chunks.push(Buffer.from(chunk));
      wake();
    },
    onStateChange: (state) => {
      states.push(state);
      wake();
    },
  });
  const channel: Channel = {
    sessionId,
    client,
    states,
    chunks,
    issuedTokens,
    terminations,
    openedAt: performance.now(),
    text: () => Buffer.concat(chunks).toString('utf8'),
    until: (probe, what, timeoutMs = 20_000) => {
      const now = probe();
      if (now !== undefined) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const value = probe();
          if (value === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting for ${what}; state ${JSON.stringify(client.state)}; stats ${JSON.stringify(client.stats)}; text ${JSON.stringify(channel.text().slice(-300))}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
  };
  channels.push(channel);
  options.beforeStart?.(sessionId);
  client.start();
  return channel;
}

/** The test's proxy (every test but the reference run has one). */
function wire(): WsFaultProxy {
  if (!proxy) throw new Error('no proxy in this test');
  return proxy;
}

function prompts(channel: Channel): number {
  return channel.text().match(prompt)?.length ?? 0;
}

function closedState(channel: Channel): Extract<ChannelState, { kind: 'closed' }> | undefined {
  const state = channel.client.state;
  return state.kind === 'closed' ? state : undefined;
}

/**
 * Types each step once the previous prompt is on screen (so echo and output never interleave
 * differently between runs), calls `during` right after the output step is typed, and returns
 * the transcript once the session has closed after `exit 3`.
 */
async function runScript(channel: Channel, during?: () => Promise<void> | void): Promise<string> {
  for (const [index, step] of STEPS.entries()) {
    await channel.until(() => (prompts(channel) > index ? true : undefined), `prompt ${index + 1}`);
    channel.client.sendInput(Buffer.from(`${step}\r`, 'utf8'));
    if (index === OUTPUT_STEP && during) await during();
  }
  await channel.until(() => closedState(channel), 'closed after exit');
  return normalise(channel.text());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalise(text: string): string {
  return text.replace(prompt, '<prompt>$ ');
}

/** The session ended as `exit 3` ends it: exit code 3, no error, and the agent is gone. */
function expectCleanExit(channel: Channel): void {
  expect(channel.client.state).toEqual({ kind: 'closed', reason: 'Session ended.', exitCode: 3 });
  expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
}

/** Output sequence numbers of the frames that reached the client, in arrival order. */
function outputSeqsToClient(): number[] {
  return wire().messages('to-client', MessageType.OutputStreamData).map((m) => m.sequenceNumber);
}

/**
 * Proves the client has processed everything the proxy delivered so far: a copy of an output
 * frame it already has is injected, and its re-ack (§4: duplicates are re-acked) must come back.
 * Frames of one socket are processed in order, so the ack cannot overtake earlier frames' effects.
 */
async function syncWithClient(channel: Channel): Promise<void> {
  const delivered = wire().frames.filter((f) => f.direction === 'to-client' && f.message?.messageType === MessageType.OutputStreamData).at(-1);
  if (!delivered?.message) throw new Error('no output delivered yet');
  const seq = delivered.message.sequenceNumber;
  const mark = wire().frames.length;
  const duplicatesBefore = channel.client.stats.duplicates;
  wire().injectToClient(delivered.data);
  await wire().until(
    () =>
      wire().frames
        .slice(mark)
        .some((f) => f.direction === 'to-server' && f.message?.messageType === MessageType.Acknowledge && parseAcknowledgeContent(f.message.payload).acknowledgedMessageSequenceNumber === seq) || undefined,
    `re-ack of injected seq ${seq}`,
  );
  expect(channel.client.stats.duplicates).toBe(duplicatesBefore + 1);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-channel-faults-'));
  sim = await startSimulator({
    nodes: 10,
    seed: 5,
    port: 0,
    sessions: { firstOutputDelayMs: 20, handshakeTimeoutMs: 5_000, drainTimeoutMs: 2_000, sandboxRoot: join(dir, 'sandboxes') },
  });
  const credentials = { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: sim.credentials.secretAccessKey };
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials, maxAttempts: 1 });
  kms = new KMSClient({ endpoint: sim.endpoint, region: sim.region, credentials, maxAttempts: 1 });
  const online = sim.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux');
  if (!online) throw new Error('the seed has no online Linux node');
  node = online.InstanceId;
  // PS1 is `user@instance:\w\$ ` (pty-runner); bracketed-paste escapes around it stay in the transcript.
  prompt = new RegExp(`${escapeRegExp(userInfo().username)}@${node}:[^\\s]*[$#] `, 'g');
  const fresh = await openChannel({ direct: true });
  reference = await runScript(fresh);
  expectCleanExit(fresh);
});

afterEach(async () => {
  for (const channel of channels.splice(0)) {
    if (channel.client.state.kind !== 'closed') channel.client.forceClose('test cleanup');
    await Promise.all(channel.terminations);
  }
  for (const id of sim.sessions.liveAgents()) await ssm.send(new TerminateSessionCommand({ SessionId: id }));
  sim.sessions.reset();
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  ssm?.destroy();
  kms?.destroy();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reference run', () => {
  it('shows the whole scripted session: variable, 3000 lines, the marker, and exit 3', () => {
    expect(reference).toContain('\r\n2999\r\n3000\r\ndone-42\r\n');
    expect(reference).toMatch(/\rx=kept-42\r\n/);
    expect(reference.match(/<prompt>\$ /g)).toHaveLength(STEPS.length);
  });
});

describe('output faults: the user sees the same bytes', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  it('lost output frames are retransmitted by the agent and delivered once, in order', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, () => sim.sessions.dropOutput(3, channel.sessionId));
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(sim.sessions.count('output-dropped', channel.sessionId)).toBe(3);
    expect(sim.sessions.count('output-retransmitted', channel.sessionId)).toBeGreaterThanOrEqual(1);
  });

  it('duplicated output frames are shown once and re-acked', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, () => sim.sessions.duplicateOutput(4, channel.sessionId));
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(channel.client.stats.duplicates).toBeGreaterThanOrEqual(4);
    // Every copy of a duplicated frame was acked, so the agent never had to resend it (§4).
    const seqs = outputSeqsToClient();
    const twice = seqs.filter((seq, i) => seqs.indexOf(seq) !== i);
    expect(twice.length).toBeGreaterThanOrEqual(4);
    const acked = wire().messages('to-server', MessageType.Acknowledge).map((m) => parseAcknowledgeContent(m.payload).acknowledgedMessageSequenceNumber);
    for (const seq of twice) expect(acked.filter((a) => a === seq).length).toBeGreaterThanOrEqual(2);
  });

  it('reordered output frames are put back in order', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, () => sim.sessions.reorderOutput(4, channel.sessionId));
    expect(text).toBe(reference);
    expectCleanExit(channel);
    const seqs = outputSeqsToClient();
    expect(seqs.some((seq, i) => i > 0 && seq < (seqs[i - 1] ?? 0))).toBe(true);
  });

  it('lost acks make the client retransmit its input, and each command still runs once', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, async () => {
      // The ack of the output step's input is lost; the next step waits until the client has resent it.
      sim.sessions.dropAcks(1, channel.sessionId);
      await sim.sessions.waitFor((e) => e.sessionId === channel.sessionId && e.kind === 'input-duplicate');
    });
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(channel.client.stats.retransmissions).toBeGreaterThanOrEqual(1);
    expect(sim.sessions.count('input-duplicate', channel.sessionId)).toBeGreaterThanOrEqual(1);
    // A retransmission is the same message byte for byte: one MessageId per sequence number (§5.2).
    const inputs = wire().messages('to-server', MessageType.InputStreamData);
    for (const m of inputs) expect(inputs.filter((o) => o.sequenceNumber === m.sequenceNumber).every((o) => o.messageId === m.messageId)).toBe(true);
  });

  it('pause_publication holds the client input until start_publication, then everything flows', async () => {
    const channel = await openChannel();
    // Type the first step, then pause before the output step.
    await channel.until(() => (prompts(channel) > 0 ? true : undefined), 'first prompt');
    sim.sessions.pausePublication(channel.sessionId);
    await wire().until(() => wire().messages('to-client', MessageType.PausePublication).length > 0 || undefined, 'pause_publication');
    await syncWithClient(channel);
    const inputsBefore = wire().messages('to-server', MessageType.InputStreamData).length;
    channel.client.sendInput(Buffer.from(`${STEPS[0]}\r`, 'utf8'));
    await syncWithClient(channel);
    // Held: nothing sequenced left the client while the agent is away (§5.2; the plugin would send).
    expect(wire().messages('to-server', MessageType.InputStreamData)).toHaveLength(inputsBefore);
    expect(channel.client.state).toEqual({ kind: 'connected', encrypted: false });
    sim.sessions.startPublication(channel.sessionId);
    // The rest of the script runs normally; the held step was the first one.
    for (const [index, step] of STEPS.entries()) {
      if (index === 0) continue;
      await channel.until(() => (prompts(channel) > index ? true : undefined), `prompt ${index + 1}`);
      channel.client.sendInput(Buffer.from(`${step}\r`, 'utf8'));
    }
    await channel.until(() => closedState(channel), 'closed after exit');
    expect(normalise(channel.text())).toBe(reference);
    expectCleanExit(channel);
  });

  it('pause_publication in the middle of the output only delays it', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, async () => {
      await sim.sessions.waitFor((e) => e.sessionId === channel.sessionId && e.kind === 'output-sent' && (e.sequenceNumber ?? 0) >= 6);
      sim.sessions.pausePublication(channel.sessionId);
      await wire().until(() => wire().messages('to-client', MessageType.PausePublication).length > 0 || undefined, 'pause_publication');
      sim.sessions.startPublication(channel.sessionId);
    });
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(sim.sessions.count('start-publication-sent', channel.sessionId)).toBe(1);
  });
});

describe('socket closed with 1000 "Bye"', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  it('reconnects through ResumeSession with the rotated token, keeps sequence state and the shell', async () => {
    const channel = await openChannel();
    const text = await runScript(channel, async () => {
      await sim.sessions.waitFor((e) => e.sessionId === channel.sessionId && e.kind === 'output-sent' && (e.sequenceNumber ?? 0) >= 6);
      sim.sessions.closeSocket(channel.sessionId);
    });
    // Same bytes, `x=kept-42` included: the shell that set X is the one that printed it.
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(wire().closes[0]).toEqual({ connection: 1, code: 1000, reason: 'Bye' });
    const kinds = channel.states.map((s) => s.kind);
    expect(kinds.indexOf('reconnecting')).toBeGreaterThan(kinds.indexOf('connected'));
    expect(kinds.lastIndexOf('connected')).toBeGreaterThan(kinds.indexOf('reconnecting'));
    expect(channel.states.find((s) => s.kind === 'reconnecting')).toMatchObject({ attempt: 1, reason: expect.stringContaining('1000 Bye') });
    // One ResumeSession, and the second socket presented the token it returned (§11.3).
    expect(channel.issuedTokens).toHaveLength(2);
    expect(channel.issuedTokens[1]).not.toBe(channel.issuedTokens[0]);
    expect(wire().tokens).toEqual(channel.issuedTokens);
    // Sequence numbers carry on across sockets: input continues, output is not restarted (§5.1).
    const firstOnSecond = wire().frames.find((f) => f.connection === 2 && f.direction === 'to-client' && f.message?.messageType === MessageType.OutputStreamData);
    expect(firstOnSecond?.message?.sequenceNumber).toBeGreaterThan(0);
    const inputs = wire().messages('to-server', MessageType.InputStreamData);
    for (const m of inputs) expect(inputs.filter((o) => o.sequenceNumber === m.sequenceNumber).every((o) => o.messageId === m.messageId)).toBe(true);
  });
});

describe('stalled agent', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  async function stalled(tuning?: Partial<DataChannelTuning>): Promise<Channel> {
    const channel = await openChannel({ tuning });
    await channel.until(() => (prompts(channel) > 0 ? true : undefined), 'first prompt');
    sim.sessions.stallAgent(channel.sessionId);
    channel.client.sendInput(Buffer.from('echo never-$((1+1))\r', 'utf8'));
    await sim.sessions.waitFor((e) => e.sessionId === channel.sessionId && e.kind === 'input-discarded' && e.detail === 'stalled');
    return channel;
  }

  it('the state says so once input goes unacknowledged, and the session is terminated', async () => {
    const channel = await stalled({ retransmit: { initialRtoMs: 100, maxBackoffMs: 400, giveUpAfterMs: 1_500 } });
    const closed = await channel.until(() => closedState(channel), 'resend give-up');
    expect(closed).toMatchObject({ errorCode: ChannelErrorCode.ResendTimeout, exitCode: null, reason: expect.stringMatching(/stopped acknowledging input/) });
    expect(channel.client.stats.retransmissions).toBeGreaterThanOrEqual(2);
    await Promise.all(channel.terminations);
    expect(channel.terminations).toHaveLength(1);
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
    expect(channel.text()).not.toMatch(/never-2/);
  });

  it('force-close ends the tab at once and TerminateSession ends the agent', async () => {
    const channel = await stalled();
    channel.client.forceClose('Closed by the operator');
    expect(channel.client.state).toEqual({ kind: 'closed', reason: 'Closed by the operator', exitCode: null, errorCode: ChannelErrorCode.ForceClosed });
    await Promise.all(channel.terminations);
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
  });

  it('terminate() ends a stalled session through TerminateSession without waiting for the agent', async () => {
    const channel = await stalled({ terminateWaitMs: 30_000 });
    const began = performance.now();
    await channel.client.terminate();
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(channel.client.state).toEqual({ kind: 'closed', reason: 'Session terminated.', exitCode: null });
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
  });
});

describe('idle timeout', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  it('closes with the inactivity message and does not try to reconnect', async () => {
    sim.sessions.setIdleTimeout(1_000);
    try {
      const channel = await openChannel();
      const closed = await channel.until(() => closedState(channel), 'idle close');
      expect(closed).toEqual({ kind: 'closed', reason: IDLE_TIMEOUT_OUTPUT, exitCode: null });
      expect(normalise(channel.text())).toBe(reference.slice(0, reference.indexOf('<prompt>$ ') + '<prompt>$ '.length));
      expect(channel.states.some((s) => s.kind === 'reconnecting')).toBe(false);
      expect(channel.issuedTokens).toHaveLength(1);
      expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
    } finally {
      sim.sessions.setIdleTimeout(20 * 60 * 1000);
    }
  });
});

describe('KMS-encrypted session', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  it('runs the script encrypted end to end, with no plain text on the wire', async () => {
    sim.sessions.requireKms(node);
    const channel = await openChannel();
    const text = await runScript(channel);
    expect(channel.states.find((s) => s.kind === 'connected')).toEqual({ kind: 'connected', encrypted: true });
    expect(text).toBe(`This session is encrypted using AWS KMS.\r\n${reference}`);
    expectCleanExit(channel);
    expect(sim.sessions.count('encryption-enabled', channel.sessionId)).toBe(1);
    const binary = wire().frames.filter((f) => f.isBinary);
    expect(binary.length).toBeGreaterThan(STEPS.length);
    for (const needle of ['seq 1 3000', 'done-42', 'kept-42', '2999\r\n3000', 'exit 3']) {
      expect(binary.some((f) => f.data.includes(needle))).toBe(false);
    }
  });
});

describe('bad input from the wire', () => {
  beforeEach(async () => {
    proxy = await WsFaultProxy.start(sim.endpoint);
  });

  it.each([
    ['digest', 'digest'],
    ['truncate', 'truncated'],
    ['unknown-type', 'message-type'],
  ] as const)('a frame spoiled as %s is dropped and counted; retransmission completes the output', async (kind, reason) => {
    const channel = await openChannel();
    const text = await runScript(channel, () => wire().corruptOutput(kind, 2));
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(channel.client.stats.dropped[reason]).toBe(2);
    expect(channel.client.stats.lastDrop).toMatch(new RegExp(`^${reason}: `));
    expect(sim.sessions.count('output-retransmitted', channel.sessionId)).toBeGreaterThanOrEqual(1);
  });

  it('a token refused once: ResumeSession gives a fresh one and the session recovers', async () => {
    wire().forgeTokens(1);
    const channel = await openChannel();
    const text = await runScript(channel);
    expect(text).toBe(reference);
    expectCleanExit(channel);
    expect(wire().closes[0]).toEqual({ connection: 1, code: 4001, reason: 'Token refused' });
    expect(channel.issuedTokens).toHaveLength(2);
    expect(wire().connections).toBe(2);
  });

  it('a token always refused: a clear closed state within the reconnect budget, no retry storm', async () => {
    wire().forgeTokens(Number.POSITIVE_INFINITY);
    const reconnect = { firstDelayMs: 50, maxDelayMs: 400, budgetMs: 1_500, stableAfterMs: 500 };
    const channel = await openChannel({ tuning: { reconnect } });
    const closed = await channel.until(() => closedState(channel), 'give-up');
    expect(closed).toMatchObject({ errorCode: ChannelErrorCode.ReconnectFailed, exitCode: null, reason: expect.stringContaining('4001 Token refused') });
    // Delays 50+100+200+400+400 fit in 1.5 s, a sixth 400 would not: 5 reconnects, each with a fresh token.
    expect(wire().connections).toBe(6);
    expect(channel.issuedTokens).toHaveLength(6);
    expect(new Set(wire().tokens).size).toBe(6);
    expect(channel.states.filter((s) => s.kind === 'reconnecting').map((s) => (s as { attempt: number }).attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(channel.chunks).toHaveLength(0);
    // A tab that gave up must not leave the session open on the service until its idle timeout.
    await channel.until(() => (channel.terminations.length > 0 ? true : undefined), 'TerminateSession after giving up');
    await Promise.all(channel.terminations);
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
  });

  it('a peer that never answers: the state says so within the pong timeout, and force-close ends it', async () => {
    wire().silent = true;
    const channel = await openChannel({ tuning: { pingIntervalMs: 200, pongTimeoutMs: 500 } });
    expect(channel.client.state).toEqual({ kind: 'connecting' });
    const lost = await channel.until(() => channel.states.find((s) => s.kind === 'reconnecting'), 'reconnecting');
    expect(lost).toMatchObject({ attempt: 1, reason: expect.stringMatching(/^No reply to a WebSocket ping/) });
    expect(performance.now() - channel.openedAt).toBeLessThan(5_000);
    channel.client.forceClose('Closed by the operator');
    expect(channel.client.state).toEqual({ kind: 'closed', reason: 'Closed by the operator', exitCode: null, errorCode: ChannelErrorCode.ForceClosed });
    await Promise.all(channel.terminations);
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
  });

  it('an agent that never sends its first output while the socket stays healthy: closed at the ready timeout', async () => {
    // Stalled before the client connects: the token is accepted and pongs flow, but no frame ever comes.
    const channel = await openChannel({
      tuning: { pingIntervalMs: 100, pongTimeoutMs: 2_000, readyTimeoutMs: 1_000 },
      beforeStart: (sessionId) => sim.sessions.stallAgent(sessionId),
    });
    const closed = await channel.until(() => closedState(channel), 'ready timeout');
    expect(closed).toEqual({ kind: 'closed', reason: 'The node did not answer within 1 s.', exitCode: null, errorCode: ChannelErrorCode.HandshakeFailed });
    expect(channel.states.map((s) => s.kind)).toEqual(['closed']);
    expect(wire().tokens).toHaveLength(1);
    await Promise.all(channel.terminations);
    expect(channel.terminations).toHaveLength(1);
    expect(sim.sessions.liveAgents()).not.toContain(channel.sessionId);
  });
});
