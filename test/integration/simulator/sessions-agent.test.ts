import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSessionsCommand, ResumeSessionCommand, SSMClient, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageType, PayloadType, encodeClientMessage } from '../../../main/sessions/protocol/codec';
import { createSessionCipher } from '../../../main/sessions/protocol/kms-crypto';
import {
  buildEncryptionChallenge,
  buildHandshakeResponse,
  buildTerminalSize,
  parseAcknowledgeContent,
  parseChannelClosedContent,
  parseEncryptionChallenge,
  parseExitCode,
  parseHandshakeComplete,
  parseHandshakeRequest,
} from '../../../main/sessions/protocol/payloads';
import { DataChannelClose } from '../../../main/simulator/sessions/data-channel-server';
import { HANDSHAKE_TIMEOUT_OUTPUT, IDLE_TIMEOUT_OUTPUT } from '../../../main/simulator/sessions/session-agent';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { RawChannel } from './sessions-raw-channel';

/**
 * The simulator's agent side, spoken to frame by frame with the shared codec: the token frame,
 * the no-handshake and handshake paths, acks and duplicates, retransmission, the real PTY
 * (echo, stty size, exit code), KMS encryption, and each injected fault.
 */

const FIRST_OUTPUT_DELAY = 250;
let sim: RunningSimulator;
let ssm: SSMClient;
let kms: KMSClient;
let sandbox: string;
let online: string;
const open: RawChannel[] = [];

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'capstan-sessions-agent-'));
  sim = await startSimulator({
    nodes: 20,
    seed: 7,
    sessions: { firstOutputDelayMs: FIRST_OUTPUT_DELAY, handshakeTimeoutMs: 1500, drainTimeoutMs: 1000, sandboxRoot: sandbox },
  });
  const credentials = { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: sim.credentials.secretAccessKey };
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials });
  kms = new KMSClient({ endpoint: sim.endpoint, region: sim.region, credentials });
  const node = sim.nodes.find((n) => n.info.PingStatus === 'Online');
  if (!node) throw new Error('fleet has no online node');
  online = node.InstanceId;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  for (const id of sim.sessions.liveAgents()) await ssm.send(new TerminateSessionCommand({ SessionId: id }));
  sim.sessions.reset();
});

afterAll(async () => {
  ssm.destroy();
  kms.destroy();
  await sim.close();
  expect(sim.sessions.liveAgents()).toEqual([]);
  rmSync(sandbox, { recursive: true, force: true });
});

async function start(target = online): Promise<{ sessionId: string; url: string; token: string }> {
  const out = await ssm.send(new StartSessionCommand({ Target: target }));
  return { sessionId: out.SessionId ?? '', url: out.StreamUrl ?? '', token: out.TokenValue ?? '' };
}

async function connect(url: string, token: string | undefined, firstSeq = 0): Promise<RawChannel> {
  const channel = await RawChannel.open(url, token, { firstSeq });
  open.push(channel);
  return channel;
}

/** A shell past its first output, with the prompt shown. */
async function shell(): Promise<{ sessionId: string; channel: RawChannel }> {
  const s = await start();
  const channel = await connect(s.url, s.token);
  await channel.waitFor((m) => m.messageType === MessageType.OutputStreamData, 'first output');
  await channel.waitForText(/[$#] $/);
  return { sessionId: s.sessionId, channel };
}

describe('token frame', () => {
  it('closes a socket whose first frame is binary, and one with a forged token', async () => {
    const s = await start();
    const binary = await connect(s.url, undefined);
    binary.sendRaw(Buffer.from('not a token frame'));
    expect(await binary.closed).toEqual(DataChannelClose.BadOpenFrame);
    const forged = await connect(s.url, 'Zm9yZ2Vk');
    expect(await forged.closed).toEqual(DataChannelClose.WrongToken);
    // The real token still works: refusals did not burn it.
    const good = await connect(s.url, s.token);
    await good.waitFor((m) => m.messageType === MessageType.OutputStreamData, 'first output');
  });

  it('accepts a token once; a reconnect needs the token ResumeSession rotates', async () => {
    const s = await start();
    const first = await connect(s.url, s.token);
    await first.waitForText(/[$#] $/);
    await first.close();
    const reused = await connect(s.url, s.token);
    expect(await reused.closed).toEqual(DataChannelClose.StaleToken);
    const resumed = await ssm.send(new ResumeSessionCommand({ SessionId: s.sessionId }));
    expect(resumed.TokenValue).not.toBe(s.token);
    const again = await connect(resumed.StreamUrl ?? '', resumed.TokenValue, first.nextSeq);
    again.send(PayloadType.Output, 'echo resumed-$((40+2))\r');
    await again.waitFor((m) => m.messageType === MessageType.OutputStreamData && Buffer.from(m.payload).includes('resumed-42'), 'echo after resume');
  });

  it('refuses an unknown session id and a StreamUrl whose query was rebuilt', async () => {
    const s = await start();
    const unknown = await connect(s.url.replace(s.sessionId, 'training-operator-0123456789abcdef0'), s.token);
    expect(await unknown.closed).toEqual(DataChannelClose.UnknownSession);
    await expect(RawChannel.open(s.url.replace(/cell-number=.*$/, 'cell-number=x'), s.token)).rejects.toThrow(/400/);
  });
});

describe('shell over the PTY (no handshake)', () => {
  it('sends the first Output with seq 0 and SYN after the agent delay, and discards input sent before it', async () => {
    const s = await start();
    const channel = await connect(s.url, s.token);
    const early = channel.send(PayloadType.Output, 'echo too-early\r');
    const first = await channel.waitFor((m) => m.messageType === MessageType.OutputStreamData, 'first output');
    expect(first).toMatchObject({ sequenceNumber: 0, flags: 1, payloadType: PayloadType.Output });
    expect(Date.now() - channel.openedAt).toBeGreaterThanOrEqual(FIRST_OUTPUT_DELAY - 20);
    const discarded = await sim.sessions.waitFor((e) => e.sessionId === s.sessionId && e.kind === 'input-discarded');
    expect(discarded).toMatchObject({ sequenceNumber: early.sequenceNumber, detail: 'before first output' });
  });

  it('runs echo in the real shell, in the node sandbox, with a clean environment', async () => {
    const { channel } = await shell();
    channel.send(PayloadType.Output, 'echo "$((6*7)) $PWD" AWS=${AWS_ACCESS_KEY_ID:-none} TERM=$TERM\r');
    const text = await channel.waitForText(/\n42 .*\n/);
    expect(text).toContain(`42 ${join(sandbox, online)} AWS=none TERM=xterm-256color`);
  });

  it('acks every input with seq 0, flags 3, PayloadType 0 naming the input, and re-acks a duplicate without running it twice', async () => {
    const { sessionId, channel } = await shell();
    const { frame, message } = channel.inputFrame(PayloadType.Output, 'echo once-$((1+1))\r');
    channel.sendRaw(frame);
    channel.sendRaw(frame);
    const isAckOf = (m: { messageType: string; payload: Uint8Array }): boolean =>
      m.messageType === MessageType.Acknowledge && parseAcknowledgeContent(m.payload).acknowledgedMessageSequenceNumber === message.sequenceNumber;
    await channel.waitFor((m) => channel.received.filter(isAckOf).length >= 2 && m === m, 'two acks');
    const acks = channel.received.filter(isAckOf);
    for (const ack of acks) {
      expect(ack).toMatchObject({ sequenceNumber: 0, flags: 3, payloadType: 0 });
      expect(parseAcknowledgeContent(ack.payload)).toEqual({
        acknowledgedMessageType: 'input_stream_data',
        acknowledgedMessageId: message.messageId,
        acknowledgedMessageSequenceNumber: message.sequenceNumber,
      });
    }
    expect(sim.sessions.count('input-duplicate', sessionId)).toBe(1);
    channel.send(PayloadType.Output, 'echo marker\r');
    const text = await channel.waitForText(/\nmarker\n/);
    // The command line shows `$((1+1))`; only a run prints `once-2`, and it ran once.
    expect(text.match(/\nonce-2\n/g)?.length).toBe(1);
  });

  it('delivers out-of-order input to the shell in sequence order', async () => {
    const { channel } = await shell();
    const a = channel.inputFrame(PayloadType.Output, 'echo or');
    const b = channel.inputFrame(PayloadType.Output, 'der-ok\r');
    channel.sendRaw(b.frame);
    channel.sendRaw(a.frame);
    await channel.waitForText(/\norder-ok\n/);
  });

  it('retransmits output the client did not ack, byte for byte, after its RTO', async () => {
    const { sessionId, channel } = await shell();
    channel.autoAck = false;
    channel.send(PayloadType.Output, 'echo unacked\r');
    const first = await channel.waitFor((m) => m.messageType === MessageType.OutputStreamData && m.sequenceNumber > 0, 'new output');
    const copies = (): number => channel.received.filter((m) => m.messageId === first.messageId).length;
    await channel.waitFor(() => copies() >= 2, 'retransmission');
    const resent = channel.received.filter((m) => m.messageId === first.messageId);
    expect(resent[1]).toEqual(resent[0]);
    expect(sim.sessions.count('output-retransmitted', sessionId)).toBeGreaterThan(0);
    channel.autoAck = true;
    for (const m of channel.outputs()) channel.ack(m);
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'ack-received' && e.sequenceNumber === first.sequenceNumber);
  });

  it('resizes the PTY on a Size message (stty size follows)', async () => {
    const { sessionId, channel } = await shell();
    channel.send(PayloadType.Size, buildTerminalSize({ cols: 132, rows: 43 }));
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'resized');
    channel.send(PayloadType.Output, 'stty size\r');
    await channel.waitForText(/\n43 132\n/);
  });

  it('on exit sends ExitCode then channel_closed, and the session moves to History', async () => {
    const { sessionId, channel } = await shell();
    channel.send(PayloadType.Output, 'exit 3\r');
    const exit = await channel.waitFor((m) => m.payloadType === PayloadType.ExitCode, 'ExitCode');
    expect(parseExitCode(exit.payload)).toBe(3);
    const closed = await channel.waitFor((m) => m.messageType === MessageType.ChannelClosed, 'channel_closed');
    expect(parseChannelClosedContent(closed.payload)).toMatchObject({ sessionId, output: '' });
    await channel.closed;
    const history = await ssm.send(new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: sessionId }] }));
    expect(history.Sessions?.[0]).toMatchObject({ SessionId: sessionId, Status: 'Terminated' });
    expect(sim.sessions.liveAgents()).not.toContain(sessionId);
  });

  it('TerminateSession ends the shell with channel_closed', async () => {
    const { sessionId, channel } = await shell();
    await ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
    await channel.waitFor((m) => m.messageType === MessageType.ChannelClosed, 'channel_closed');
    expect(await channel.closed).toMatchObject({ code: 1000 });
  });

  it('logs and drops frames with a wrong digest or unswapped MessageId halves (no ack)', async () => {
    const { sessionId, channel } = await shell();
    const bad = Buffer.from(channel.inputFrame(PayloadType.Output, 'echo bad\r').frame);
    bad[80] = (bad[80] ?? 0) ^ 0xff;
    channel.sendRaw(bad);
    expect((await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'frame-rejected')).detail).toBe('digest');
    // A fixed id: a random one swapped back still reads as a v4 UUID about once in 64 tries (its
    // second half then holds a version and a variant nibble too), and the test waited in vain.
    const unswappable = { ...channel.inputFrame(PayloadType.Output, 'echo bad\r').message, messageId: '12345678-9abc-4def-8000-000000000000' };
    const swapped = Buffer.from(encodeClientMessage(unswappable));
    const halves = Buffer.concat([swapped.subarray(72, 80), swapped.subarray(64, 72)]);
    halves.copy(swapped, 64);
    channel.sendRaw(swapped);
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'frame-rejected' && e.detail === 'message-id');
    expect(sim.sessions.count('ack-sent', sessionId)).toBe(0);
  });

  it('closes an idle session with the inactivity message', async () => {
    sim.sessions.setIdleTimeout(400);
    try {
      const s = await start();
      const channel = await connect(s.url, s.token);
      const closed = await channel.waitFor((m) => m.messageType === MessageType.ChannelClosed, 'idle channel_closed');
      expect(parseChannelClosedContent(closed.payload).output).toBe(IDLE_TIMEOUT_OUTPUT);
    } finally {
      sim.sessions.setIdleTimeout(20 * 60 * 1000);
    }
  });
});

describe('handshake and KMS', () => {
  it('runs the KMSEncryption handshake with the challenge, then an encrypted shell', async () => {
    sim.sessions.requireKms(online);
    const s = await start();
    const channel = await connect(s.url, s.token);
    const request = await channel.waitFor((m) => m.payloadType === PayloadType.HandshakeRequest, 'HandshakeRequest');
    expect(request).toMatchObject({ sequenceNumber: 0, flags: 1 });
    const actions = parseHandshakeRequest(request.payload).RequestedClientActions;
    expect(actions.map((a) => a.ActionType)).toEqual(['SessionType', 'KMSEncryption']);
    const params = actions[1]?.ActionParameters as { KMSKeyId: string; Challenge: string };
    expect(params.KMSKeyId).toBe(sim.kms.sessionKey.arn);
    const key = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: params.KMSKeyId,
        NumberOfBytes: 64,
        EncryptionContext: { 'aws:ssm:SessionId': s.sessionId, 'aws:ssm:TargetId': online },
      }),
    );
    const cipher = createSessionCipher(key.Plaintext ?? new Uint8Array(), 'client');
    channel.send(
      PayloadType.HandshakeResponse,
      buildHandshakeResponse({
        ClientVersion: '1.2.707.0',
        ProcessedClientActions: [
          { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
          {
            ActionType: 'KMSEncryption',
            ActionStatus: 1,
            ActionResult: { KMSCipherTextKey: Buffer.from(key.CiphertextBlob ?? []).toString('base64'), KMSCipherTextHash: null },
            Error: '',
          },
        ],
        Errors: null,
      }),
    );
    const challenge = await channel.waitFor((m) => m.payloadType === PayloadType.EncChallengeRequest, 'EncChallengeRequest');
    const plain = cipher.decrypt(Buffer.from(parseEncryptionChallenge(challenge.payload).Challenge, 'base64'));
    channel.send(PayloadType.EncChallengeResponse, buildEncryptionChallenge({ Challenge: Buffer.from(cipher.encrypt(plain)).toString('base64') }));
    const complete = await channel.waitFor((m) => m.payloadType === PayloadType.HandshakeComplete, 'HandshakeComplete');
    expect(parseHandshakeComplete(complete.payload).CustomerMessage).toBe('This session is encrypted using AWS KMS.');
    const decrypt = (p: Uint8Array): Uint8Array => cipher.decrypt(p);
    await channel.waitForText(/[$#] $/, decrypt);
    channel.send(PayloadType.Output, cipher.encrypt(Buffer.from('echo secret-$((2*21))\r')));
    await channel.waitForText(/\nsecret-42\n/, decrypt);
    // Output on the wire is ciphertext: the plain text never appears in a payload.
    expect(channel.received.some((m) => Buffer.from(m.payload).includes('secret-42'))).toBe(false);
  });

  it('fails the session with the handshake-timeout error when the client never answers', async () => {
    sim.sessions.requireKms(online);
    const s = await start();
    const channel = await connect(s.url, s.token);
    const closed = await channel.waitFor((m) => m.messageType === MessageType.ChannelClosed, 'channel_closed');
    expect(parseChannelClosedContent(closed.payload).output).toBe(HANDSHAKE_TIMEOUT_OUTPUT);
    const history = await ssm.send(new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: s.sessionId }] }));
    expect(history.Sessions?.[0]?.Status).toBe('Failed');
  });

  it('refuses a data key generated under another encryption context', async () => {
    sim.sessions.requireKms(online);
    const s = await start();
    const channel = await connect(s.url, s.token);
    await channel.waitFor((m) => m.payloadType === PayloadType.HandshakeRequest, 'HandshakeRequest');
    const key = await kms.send(new GenerateDataKeyCommand({ KeyId: sim.kms.sessionKey.arn, NumberOfBytes: 64, EncryptionContext: { 'aws:ssm:SessionId': 'other' } }));
    channel.send(
      PayloadType.HandshakeResponse,
      buildHandshakeResponse({
        ClientVersion: '1.2.707.0',
        ProcessedClientActions: [
          { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
          { ActionType: 'KMSEncryption', ActionStatus: 1, ActionResult: { KMSCipherTextKey: Buffer.from(key.CiphertextBlob ?? []).toString('base64'), KMSCipherTextHash: null }, Error: '' },
        ],
        Errors: null,
      }),
    );
    const closed = await channel.waitFor((m) => m.messageType === MessageType.ChannelClosed, 'channel_closed');
    expect(parseChannelClosedContent(closed.payload).output).toContain('InvalidCiphertextException');
  });
});

describe('faults', () => {
  it('drop: a lost output frame is retransmitted and the text arrives whole', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.dropOutput(1, sessionId);
    channel.send(PayloadType.Output, 'echo dropped-$((3*3))\r');
    await channel.waitForText(/\ndropped-9\n/);
    expect(sim.sessions.count('output-dropped', sessionId)).toBe(1);
    expect(sim.sessions.count('output-retransmitted', sessionId)).toBeGreaterThan(0);
  });

  it('duplicate: the same frame (same seq and id) arrives twice', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.duplicateOutput(1, sessionId);
    channel.send(PayloadType.Output, 'echo twice\r');
    await channel.waitFor((m) => m.messageType === MessageType.OutputStreamData && channel.received.filter((x) => x.messageId === m.messageId).length === 2, 'duplicate');
  });

  it('reorder: frames arrive with descending sequence numbers, the text still assembles', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.reorderOutput(2, sessionId);
    const before = channel.received.length;
    // One 3000-byte write from the shell: at least three frames in one burst, so two can swap.
    channel.send(PayloadType.Output, "printf 'reordered-%03000d\\n' 10\r");
    await channel.waitForText(/\nreordered-0{2998}10\n/);
    const seqs = channel.received.slice(before).filter((m) => m.messageType === MessageType.OutputStreamData).map((m) => m.sequenceNumber);
    expect(seqs.some((seq, i) => i > 0 && seq < (seqs[i - 1] ?? 0))).toBe(true);
  });

  it('pause_publication holds output until start_publication', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.pausePublication(sessionId);
    await channel.waitFor((m) => m.messageType === MessageType.PausePublication, 'pause_publication');
    channel.send(PayloadType.Output, 'echo held-$((1+2))\r');
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'input-received' && e.detail === 'during pause');
    const seen = channel.received.length;
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'ack-sent' && e.sequenceNumber === channel.nextSeq - 1);
    expect(channel.received.slice(seen).some((m) => m.messageType === MessageType.OutputStreamData)).toBe(false);
    sim.sessions.startPublication(sessionId);
    await channel.waitFor((m) => m.messageType === MessageType.StartPublication, 'start_publication');
    await channel.waitForText(/\nheld-3\n/);
  });

  it('close 1000 "Bye": the session stays resumable, sequence numbers continue on the new socket', async () => {
    const { sessionId, channel } = await shell();
    const lastSeq = channel.outputs().at(-1)?.sequenceNumber ?? 0;
    sim.sessions.closeSocket(sessionId);
    expect(await channel.closed).toEqual({ code: 1000, reason: 'Bye' });
    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: sessionId }] }));
    expect(active.Sessions?.[0]?.Status).toBe('Disconnected');
    const resumed = await ssm.send(new ResumeSessionCommand({ SessionId: sessionId }));
    const next = await connect(resumed.StreamUrl ?? '', resumed.TokenValue, channel.nextSeq);
    next.send(PayloadType.Output, 'echo after-bye\r');
    const out = await next.waitFor((m) => m.messageType === MessageType.OutputStreamData && Buffer.from(m.payload).includes('after-bye'), 'output after resume');
    expect(out.sequenceNumber).toBeGreaterThan(lastSeq);
  });

  it('stall: no acks and no output until the agent resumes', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.stallAgent(sessionId);
    const sent = channel.send(PayloadType.Output, 'echo stalled-ok\r');
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'input-discarded' && e.detail === 'stalled');
    expect(sim.sessions.count('ack-sent', sessionId)).toBe(0);
    sim.sessions.resumeAgent(sessionId);
    // A real client retransmits; here the test does it by hand, byte for byte.
    channel.sendRaw(encodeClientMessage(sent));
    await channel.waitForText(/\nstalled-ok\n/);
  });

  it('drops acks when told to, and re-acks the client retransmission', async () => {
    const { sessionId, channel } = await shell();
    sim.sessions.dropAcks(1, sessionId);
    const sent = channel.send(PayloadType.Output, 'echo ack-lost\r');
    await sim.sessions.waitFor((e) => e.sessionId === sessionId && e.kind === 'output-dropped' && e.detail === 'ack');
    channel.sendRaw(encodeClientMessage(sent));
    await channel.waitFor((m) => m.messageType === MessageType.Acknowledge && parseAcknowledgeContent(m.payload).acknowledgedMessageId === sent.messageId, 'ack of the resend');
    expect(sim.sessions.count('input-duplicate', sessionId)).toBe(1);
  });
});
