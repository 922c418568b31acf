import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage, encodeClientMessage, MessageType, PayloadType, type ClientMessage } from '../../../../../main/sessions/protocol/codec';
import { ChannelErrorCode, DataChannelClient, type ChannelState } from '../../../../../main/sessions/protocol/data-channel-client';
import { encodeAcknowledge, encodeStreamMessage } from '../../../../../main/sessions/protocol/frames';
import { createSessionCipher } from '../../../../../main/sessions/protocol/kms-crypto';
import {
  buildChannelClosedContent,
  buildEncryptionChallenge,
  buildExitCode,
  buildHandshakeComplete,
  buildHandshakeRequest,
  parseAcknowledgeContent,
  parseEncryptionChallenge,
  parseHandshakeResponse,
} from '../../../../../main/sessions/protocol/payloads';
import { FakeClock } from './fake-clock';
import { FakeSocket } from './fake-socket';

/** Lets setImmediate-batched acks and promise chains run; polls, never sleeps on time. */
async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Harness {
  client: DataChannelClient;
  clock: FakeClock;
  sockets: FakeSocket[];
  states: ChannelState[];
  output: Array<{ text: string; stream: string }>;
  resumeCalls: number;
  terminateCalls: number;
  socket(): FakeSocket;
  agentSeq: number;
  output1(payloadType: number, payload: Uint8Array, seq?: number): Buffer;
}

function harness(overrides: Partial<ConstructorParameters<typeof DataChannelClient>[0]> = {}): Harness {
  const clock = new FakeClock();
  const h: Harness = {
    clock,
    sockets: [],
    states: [],
    output: [],
    resumeCalls: 0,
    terminateCalls: 0,
    agentSeq: 0,
    socket: () => h.sockets[h.sockets.length - 1]!,
    output1(payloadType, payload, seq) {
      const sequenceNumber = seq ?? h.agentSeq++;
      return encodeStreamMessage({ messageType: MessageType.OutputStreamData, sequenceNumber, payloadType, payload, createdDate: clock.now() });
    },
    client: undefined as unknown as DataChannelClient,
  };
  h.client = new DataChannelClient({
    sessionId: 'operator-0123456789abcdef',
    streamUrl: 'ws://127.0.0.1:1/v1/data-channel/operator-0123456789abcdef?role=publish_subscribe&cell-number=AAA+/=',
    tokenValue: 'token-0',
    terminalSize: { cols: 120, rows: 40 },
    targetId: 'i-0abc',
    clock,
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      h.sockets.push(socket);
      return socket.asWebSocket();
    },
    resumeSession: async () => {
      h.resumeCalls++;
      return { tokenValue: `token-${h.resumeCalls}`, streamUrl: `ws://127.0.0.1:1/v1/data-channel/x?resume=${h.resumeCalls}` };
    },
    terminateSession: async () => {
      h.terminateCalls++;
    },
    onOutput: (chunk, stream) => h.output.push({ text: Buffer.from(chunk).toString('utf8'), stream }),
    onStateChange: (state) => h.states.push(state),
    ...overrides,
  });
  return h;
}

/** Starts the client and opens the socket; returns the socket. */
function connect(h: Harness): FakeSocket {
  h.client.start();
  h.socket().open();
  return h.socket();
}

const isAckOf = (m: ClientMessage, seq: number, type = 'output_stream_data'): boolean =>
  m.messageType === MessageType.Acknowledge &&
  parseAcknowledgeContent(m.payload).acknowledgedMessageSequenceNumber === seq &&
  parseAcknowledgeContent(m.payload).acknowledgedMessageType === type;

const inputs = (socket: FakeSocket): ClientMessage[] => socket.messages().filter((m) => m.messageType === MessageType.InputStreamData);
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** The agent acks an input message. */
function ackInput(h: Harness, m: ClientMessage): void {
  h.socket().receive(encodeAcknowledge(m, h.clock.now()));
}

describe('DataChannelClient: connecting and the no-handshake shell path', () => {
  it('sends the token frame first, as text, with a stable ClientId and a version above 1.2.331.0', () => {
    const h = harness();
    const socket = connect(h);
    expect(socket.url).toContain('cell-number=AAA+/=');
    expect(socket.sent[0]).toMatchObject({ kind: 'text' });
    const token = (socket.sent[0] as { json: Record<string, string> }).json;
    expect(token).toMatchObject({ MessageSchemaVersion: '1.0', TokenValue: 'token-0' });
    expect(token['ClientId']).toMatch(/^[0-9a-f-]{36}$/);
    const parts = token['ClientVersion']!.split('.').map(Number);
    expect(parts).toHaveLength(4);
    expect(parts[0]! * 1e9 + parts[1]! * 1e6 + parts[2]!).toBeGreaterThan(1 * 1e9 + 2 * 1e6 + 331);
    expect(socket.pings).toBe(1);
  });

  it('sends nothing sequenced before the first output, then acks it, sends the size, then queued input', async () => {
    const h = harness();
    const socket = connect(h);
    h.client.sendInput(Buffer.from('whoami\r'));
    h.client.resize(100, 30);
    await settle();
    expect(socket.sent).toHaveLength(1);
    expect(h.client.state.kind).toBe('connecting');

    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    await until(() => socket.messages().length >= 3, 'ack, size and input');
    const [ack, size, input] = socket.messages();
    expect(isAckOf(ack!, 0)).toBe(true);
    expect({ seq: ack!.sequenceNumber, flags: ack!.flags, pt: ack!.payloadType }).toEqual({ seq: 0, flags: 3, pt: 0 });
    expect({ seq: size!.sequenceNumber, pt: size!.payloadType, json: text(size!.payload) }).toEqual({ seq: 0, pt: 3, json: '{"cols":100,"rows":30}' });
    expect({ seq: input!.sequenceNumber, pt: input!.payloadType, flags: input!.flags, body: text(input!.payload) }).toEqual({
      seq: 1,
      pt: 1,
      flags: 0,
      body: 'whoami\r',
    });
    expect(h.output).toEqual([{ text: '$ ', stream: 'stdout' }]);
    expect(h.client.state).toEqual({ kind: 'connected', encrypted: false });
  });

  it('acks every output, re-acks duplicates without showing them twice, and delivers out-of-order output in order', async () => {
    const h = harness();
    const socket = connect(h);
    const f0 = h.output1(PayloadType.Output, Buffer.from('a'));
    const f1 = h.output1(PayloadType.Output, Buffer.from('b'));
    const f2 = h.output1(PayloadType.Output, Buffer.from('c'));
    socket.receive(f0);
    socket.receive(f2);
    socket.receive(f1);
    socket.receive(f1);
    await until(() => socket.messages().filter((m) => m.messageType === 'acknowledge').length === 4, 'four acks');
    expect(h.output.map((o) => o.text).join('')).toBe('abc');
    const acked = socket.messages().filter((m) => m.messageType === 'acknowledge').map((m) => parseAcknowledgeContent(m.payload).acknowledgedMessageSequenceNumber);
    expect(acked.sort()).toEqual([0, 1, 1, 2]);
    // The ack names the acked message by its un-swapped UUID (§3.2, §4).
    const ackOf2 = socket.messages().find((m) => isAckOf(m, 2))!;
    expect(parseAcknowledgeContent(ackOf2.payload).acknowledgedMessageId).toBe(decodeClientMessage(f2).messageId);
    expect(h.client.stats.duplicates).toBe(1);
  });

  it('chunks input at 1024 bytes, turns a lone LF into CR, keeps LF inside longer input', async () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    h.client.sendInput(Buffer.alloc(2500, 0x61));
    h.client.sendInput(Buffer.from('\n'));
    h.client.sendInput(Buffer.from('echo hi\n'));
    const data = inputs(socket).filter((m) => m.payloadType === PayloadType.Output);
    expect(data.map((m) => m.payload.length)).toEqual([1024, 1024, 452, 1, 8]);
    expect(data[3]!.payload[0]).toBe(0x0d);
    expect(text(data[4]!.payload)).toBe('echo hi\n');
    expect(inputs(socket).map((m) => m.sequenceNumber)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sends the new size on resize, and nothing when the size did not change', () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    h.client.resize(200, 50);
    h.client.resize(200, 50);
    const sizes = inputs(socket).filter((m) => m.payloadType === PayloadType.Size).map((m) => text(m.payload));
    expect(sizes).toEqual(['{"cols":120,"rows":40}', '{"cols":200,"rows":50}']);
  });

  it('routes StdErr to stderr, records the ExitCode, and closes on channel_closed with its reason', async () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('out')));
    socket.receive(h.output1(PayloadType.StdErr, Buffer.from('err')));
    socket.receive(h.output1(PayloadType.ExitCode, buildExitCode(3)));
    socket.receive(closedFrame(h, ''));
    expect(h.output).toEqual([
      { text: 'out', stream: 'stdout' },
      { text: 'err', stream: 'stderr' },
    ]);
    expect(h.client.state).toEqual({ kind: 'closed', reason: 'Session ended.', exitCode: 3 });
    expect(socket.closedWith).toBe(1000);
  });

  it('shows the agent error text of channel_closed and flags it', () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(closedFrame(h, '\n----------ERROR-------\nYour session timed out due to inactivity and has been terminated.'));
    expect(h.client.state).toMatchObject({
      kind: 'closed',
      reason: 'Your session timed out due to inactivity and has been terminated.',
      errorCode: ChannelErrorCode.AgentError,
    });
  });
});

function controlFrame(h: Harness, messageType: string, payload: Uint8Array = new Uint8Array(0)): Buffer {
  return encodeClientMessage({
    messageType,
    schemaVersion: 1,
    createdDate: h.clock.now(),
    sequenceNumber: 0,
    flags: 0,
    messageId: randomUUID(),
    payloadType: 0,
    payload,
  });
}

function closedFrame(h: Harness, output: string): Buffer {
  const payload = buildChannelClosedContent({ messageId: randomUUID(), createdDate: '', destinationId: '', sessionId: 's', schemaVersion: 1, output });
  return controlFrame(h, MessageType.ChannelClosed, payload);
}

function handshakeRequest(actions: unknown[]): Uint8Array {
  return buildHandshakeRequest({ AgentVersion: '3.3.859.0', RequestedClientActions: actions as never });
}

const shellAction = { ActionType: 'SessionType', ActionParameters: { SessionType: 'Standard_Stream', Properties: null } };

describe('DataChannelClient: handshake', () => {
  it('answers SessionType with Success, sends no input before HandshakeComplete, then shows the CustomerMessage', async () => {
    const h = harness();
    const socket = connect(h);
    h.client.sendInput(Buffer.from('x'));
    socket.receive(h.output1(PayloadType.HandshakeRequest, handshakeRequest([shellAction])));
    await until(() => inputs(socket).length === 1, 'handshake response');
    const response = inputs(socket)[0]!;
    expect(response.payloadType).toBe(PayloadType.HandshakeResponse);
    expect(response.sequenceNumber).toBe(0);
    // The ack of the request precedes the response (§4).
    const order = socket.messages().map((m) => m.messageType);
    expect(order.indexOf('acknowledge')).toBeLessThan(order.indexOf('input_stream_data'));
    const parsed = parseHandshakeResponse(response.payload);
    expect(parsed.ProcessedClientActions).toEqual([{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }]);
    expect(parsed.Errors).toBeNull();
    expect(h.client.state.kind).toBe('connecting');

    socket.receive(h.output1(PayloadType.HandshakeComplete, buildHandshakeComplete({ HandshakeTimeToComplete: 5e6, CustomerMessage: 'Welcome.' })));
    await until(() => inputs(socket).length === 3, 'size and input');
    expect(inputs(socket).slice(1).map((m) => [m.sequenceNumber, m.payloadType])).toEqual([
      [1, PayloadType.Size],
      [2, PayloadType.Output],
    ]);
    expect(h.output[0]).toEqual({ text: 'Welcome.\r\n', stream: 'stdout' });
    expect(h.client.state).toEqual({ kind: 'connected', encrypted: false });
  });

  it('reports an unknown action as Unsupported (3) and a port session as Failed (2)', async () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(
      h.output1(
        PayloadType.HandshakeRequest,
        handshakeRequest([
          { ActionType: 'SessionType', ActionParameters: { SessionType: 'Port', Properties: { portNumber: '22' } } },
          { ActionType: 'FutureAction', ActionParameters: {} },
        ]),
      ),
    );
    await until(() => inputs(socket).length === 1, 'handshake response');
    const parsed = parseHandshakeResponse(inputs(socket)[0]!.payload);
    expect(parsed.ProcessedClientActions.map((a) => [a.ActionType, a.ActionStatus])).toEqual([
      ['SessionType', 2],
      ['FutureAction', 3],
    ]);
    expect(parsed.Errors).toHaveLength(2);
  });

  it('runs the KMS handshake: data key, challenge round trip, encrypted output and keystrokes', async () => {
    const dataKey = randomBytes(64);
    const agentCipher = createSessionCipher(dataKey, 'agent');
    const calls: Array<{ keyId: string; encryptionContext: Record<string, string> }> = [];
    const h = harness({
      generateDataKey: async (input) => {
        calls.push(input);
        return { plaintext: dataKey, ciphertextBlob: Buffer.from('blob') };
      },
    });
    const socket = connect(h);
    socket.receive(
      h.output1(
        PayloadType.HandshakeRequest,
        handshakeRequest([shellAction, { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'arn:aws:kms:k', Challenge: 'Q0hBTExFTkdF' } }]),
      ),
    );
    await until(() => inputs(socket).length === 1, 'handshake response');
    expect(calls).toEqual([
      {
        keyId: 'arn:aws:kms:k',
        encryptionContext: { 'aws:ssm:SessionId': 'operator-0123456789abcdef', 'aws:ssm:TargetId': 'i-0abc', 'aws:ssm:RandomChallenge': 'Q0hBTExFTkdF' },
      },
    ]);
    const kms = parseHandshakeResponse(inputs(socket)[0]!.payload).ProcessedClientActions[1]!;
    expect(kms).toMatchObject({ ActionType: 'KMSEncryption', ActionStatus: 1, Error: '' });
    expect(kms.ActionResult).toEqual({ KMSCipherTextKey: Buffer.from('blob').toString('base64'), KMSCipherTextHash: null, ChallengeAcknowledgement: true });

    const secret = randomBytes(64);
    const challenge = Buffer.from(agentCipher.encrypt(secret)).toString('base64');
    socket.receive(h.output1(PayloadType.EncChallengeRequest, buildEncryptionChallenge({ Challenge: challenge })));
    await until(() => inputs(socket).length === 2, 'challenge response');
    const answer = inputs(socket)[1]!;
    expect(answer.payloadType).toBe(PayloadType.EncChallengeResponse);
    expect(Buffer.from(agentCipher.decrypt(Buffer.from(parseEncryptionChallenge(answer.payload).Challenge, 'base64'))).equals(secret)).toBe(true);

    socket.receive(h.output1(PayloadType.HandshakeComplete, buildHandshakeComplete({ HandshakeTimeToComplete: 1, CustomerMessage: '' })));
    await until(() => h.client.state.kind === 'connected', 'connected');
    expect(h.client.state).toEqual({ kind: 'connected', encrypted: true });
    socket.receive(h.output1(PayloadType.Output, agentCipher.encrypt(Buffer.from('secret prompt$ '))));
    expect(h.output.map((o) => o.text)).toEqual(['secret prompt$ ']);
    h.client.sendInput(Buffer.from('id\r'));
    const [size, keys] = inputs(socket).slice(2);
    expect(text(size!.payload)).toBe('{"cols":120,"rows":40}');
    expect(text(agentCipher.decrypt(keys!.payload))).toBe('id\r');
    expect(text(keys!.payload)).not.toContain('id');
  });

  it('reports a KMS failure as Failed and closes with the reason when the agent gives up', async () => {
    const h = harness({
      generateDataKey: async () => {
        throw Object.assign(new Error('User is not authorized to perform kms:GenerateDataKey'), { name: 'AccessDeniedException' });
      },
    });
    const socket = connect(h);
    socket.receive(
      h.output1(PayloadType.HandshakeRequest, handshakeRequest([shellAction, { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }])),
    );
    await until(() => inputs(socket).length === 1, 'handshake response');
    const kms = parseHandshakeResponse(inputs(socket)[0]!.payload).ProcessedClientActions[1]!;
    expect(kms.ActionStatus).toBe(2);
    expect(kms.Error).toContain('AccessDeniedException');
    socket.receive(closedFrame(h, '\n----------ERROR-------\nEncountered error while initiating handshake.'));
    expect(h.client.state).toMatchObject({ kind: 'closed', errorCode: ChannelErrorCode.HandshakeFailed });
    expect((h.client.state as { reason: string }).reason).toContain('kms:GenerateDataKey');
  });

  it('closes the session when an encrypted payload fails authentication', async () => {
    const dataKey = randomBytes(64);
    const h = harness({ generateDataKey: async () => ({ plaintext: dataKey, ciphertextBlob: Buffer.from('b') }) });
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.HandshakeRequest, handshakeRequest([shellAction, { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }])));
    await until(() => inputs(socket).length === 1, 'handshake response');
    const sealed = Buffer.from(createSessionCipher(dataKey, 'agent').encrypt(Buffer.from('hello')));
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 1;
    socket.receive(h.output1(PayloadType.Output, sealed));
    expect(h.client.state).toMatchObject({ kind: 'closed', errorCode: ChannelErrorCode.DecryptFailed });
    expect(h.output).toEqual([]);
    expect(h.terminateCalls).toBe(1);
  });
});

describe('DataChannelClient: reliability and bad input', () => {
  it('drops and counts a frame with a wrong digest, unacked; the retransmitted copy goes through', async () => {
    const h = harness();
    const socket = connect(h);
    const good = h.output1(PayloadType.Output, Buffer.from('hello'));
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    socket.receive(bad);
    socket.receive(good.subarray(0, 60));
    socket.emit('message', Buffer.from('{}'), false);
    await settle();
    expect(socket.messages()).toEqual([]);
    expect(h.client.stats.dropped).toEqual({ digest: 1, truncated: 1, 'text-frame': 1 });
    expect(h.client.state.kind).toBe('connecting');
    socket.receive(good);
    expect(h.output.map((o) => o.text)).toEqual(['hello']);
  });

  it('ignores an unknown message type and keeps going', () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(controlFrame(h, 'agent_session_state', Buffer.from('{}')));
    expect(h.client.stats.dropped['message-type']).toBe(1);
    expect(h.client.state.kind).toBe('connecting');
  });

  it('resends unacked input after the RTO (not 100 ms), stops on ack, and gives up with a clear reason', () => {
    const h = harness({ tuning: { retransmit: { giveUpAfterMs: 30_000 } } });
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    const size = inputs(socket)[0]!;
    ackInput(h, size);
    h.client.sendInput(Buffer.from('a'));
    const sent = inputs(socket).length;
    h.clock.advance(150);
    expect(inputs(socket).length).toBe(sent);
    h.clock.advance(100);
    expect(inputs(socket).length).toBe(sent + 1);
    const [first, again] = inputs(socket).slice(-2);
    expect(again!.messageId).toBe(first!.messageId);
    expect(again!.sequenceNumber).toBe(first!.sequenceNumber);
    h.clock.advance(40_000);
    expect(h.client.state).toMatchObject({ kind: 'closed', errorCode: ChannelErrorCode.ResendTimeout });
    expect((h.client.state as { reason: string }).reason).toMatch(/stopped acknowledging input/);
    expect(h.terminateCalls).toBe(1);
  });

  it('pause_publication holds input and resends; start_publication releases them', () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    const before = inputs(socket).length;
    socket.receive(controlFrame(h, MessageType.PausePublication));
    h.client.sendInput(Buffer.from('ls\r'));
    h.clock.advance(10_000);
    expect(inputs(socket).length).toBe(before);
    socket.receive(controlFrame(h, MessageType.StartPublication));
    expect(text(inputs(socket).at(-1)!.payload)).toBe('ls\r');
  });

  it('back-pressure: pauseOutput pauses the socket and holds frames unacked; resumeOutput delivers and acks them', async () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('a')));
    await until(() => socket.messages().some((m) => isAckOf(m, 0)), 'first ack');
    h.client.pauseOutput();
    expect(socket.paused).toBe(true);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('b')));
    await settle();
    expect(h.output.map((o) => o.text)).toEqual(['a']);
    expect(socket.messages().some((m) => isAckOf(m, 1))).toBe(false);
    h.client.resumeOutput();
    expect(socket.paused).toBe(false);
    expect(h.output.map((o) => o.text)).toEqual(['a', 'b']);
    await until(() => socket.messages().some((m) => isAckOf(m, 1)), 'second ack');
  });
});

describe('DataChannelClient: reconnect, liveness and ending', () => {
  it('on close 1000 "Bye": reconnecting(1) → ResumeSession → new URL and rotated token, same ClientId, sequence continues', async () => {
    const h = harness();
    const socket = connect(h);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('$ ')));
    ackInput(h, inputs(socket)[0]!);
    h.client.sendInput(Buffer.from('top\r'));
    const unacked = inputs(socket).at(-1)!;
    socket.drop(1000, 'Bye');
    expect(h.client.state).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    expect((h.client.state as { reason: string }).reason).toContain('1000 Bye');
    h.client.sendInput(Buffer.from('q'));
    h.clock.advance(200);
    await until(() => h.sockets.length === 2, 'second socket');
    expect(h.resumeCalls).toBe(1);
    const next = h.socket();
    expect(next.url).toContain('resume=1');
    next.open();
    const oldToken = (socket.sent[0] as { json: Record<string, string> }).json;
    const newToken = (next.sent[0] as { json: Record<string, string> }).json;
    expect(newToken['TokenValue']).toBe('token-1');
    expect(newToken['ClientId']).toBe(oldToken['ClientId']);
    expect(newToken['RequestId']).not.toBe(oldToken['RequestId']);
    expect(h.client.state).toEqual({ kind: 'connected', encrypted: false });
    // The unacked message is resent byte for byte, then the queued one continues the sequence.
    expect(inputs(next).map((m) => [m.sequenceNumber, m.messageId])).toEqual([
      [unacked.sequenceNumber, unacked.messageId],
      [unacked.sequenceNumber + 1, inputs(next)[1]!.messageId],
    ]);
    // Output numbering continues too: seq 1 is expected, a resent seq 0 is a duplicate.
    next.receive(h.output1(PayloadType.Output, Buffer.from('again'), 0));
    next.receive(h.output1(PayloadType.Output, Buffer.from('more'), 1));
    expect(h.output.map((o) => o.text)).toEqual(['$ ', 'more']);
  });

  it('backs off between attempts and closes once the retry budget (≥ 60 s) is spent', async () => {
    const h = harness({
      resumeSession: async () => {
        h.resumeCalls++;
        throw new Error('getaddrinfo ENOTFOUND ssm.us-east-1.amazonaws.com');
      },
    });
    const socket = connect(h);
    socket.drop(1006);
    const attempts: number[] = [];
    let elapsed = 0;
    while (h.client.state.kind === 'reconnecting' && elapsed < 600_000) {
      attempts.push(h.client.state.attempt);
      const calls = h.resumeCalls;
      h.clock.advance(1000);
      elapsed += 1000;
      await until(() => h.resumeCalls >= calls, 'resume');
      await settle();
    }
    expect(h.client.state).toMatchObject({ kind: 'closed', errorCode: ChannelErrorCode.ReconnectFailed });
    expect((h.client.state as { reason: string }).reason).toContain('ENOTFOUND');
    expect(elapsed).toBeGreaterThanOrEqual(60_000);
    expect(h.resumeCalls).toBeGreaterThan(5);
    expect(new Set(attempts).size).toBe(h.resumeCalls);
  });

  it('a connection that carried traffic earns a fresh retry budget (the hourly close never adds up)', async () => {
    const h = harness();
    connect(h);
    for (let hour = 1; hour <= 3; hour++) {
      h.socket().drop(1000, 'Bye');
      expect(h.client.state).toMatchObject({ kind: 'reconnecting', attempt: 1 });
      h.clock.advance(200);
      await until(() => h.sockets.length === hour + 1, 'new socket');
      h.socket().open();
      h.socket().receive(h.output1(PayloadType.Output, Buffer.from(`hour ${hour}`)));
    }
    expect(h.resumeCalls).toBe(3);
    // A socket that opens and dies at once (e.g. a rejected token) does not reset the count.
    h.socket().drop(1000, 'Bye');
    h.clock.advance(200);
    await until(() => h.sockets.length === 5, 'fifth socket');
    h.socket().open();
    h.socket().drop(1006);
    expect(h.client.state).toMatchObject({ kind: 'reconnecting', attempt: 2 });
  });

  it('closes at once when ResumeSession returns no token (session over)', async () => {
    const h = harness({ resumeSession: async () => ({ tokenValue: '' }) });
    connect(h).drop(1006);
    h.clock.advance(200);
    await until(() => h.client.state.kind === 'closed', 'closed');
    expect(h.client.state).toMatchObject({ errorCode: ChannelErrorCode.SessionExpired });
  });

  it('a ping without a pong within the timeout triggers a reconnect; a pong keeps the socket', async () => {
    const h = harness({ tuning: { pingIntervalMs: 30_000, pongTimeoutMs: 10_000 } });
    h.client.start();
    const socket = h.socket();
    socket.autoPong = false;
    socket.open();
    socket.emit('pong');
    h.clock.advance(30_000);
    expect(socket.pings).toBe(2);
    socket.emit('pong');
    h.clock.advance(30_000);
    expect(socket.pings).toBe(3);
    h.clock.advance(10_000);
    expect(h.client.state).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    expect(socket.terminated).toBe(true);
    expect((h.client.state as { reason: string }).reason).toMatch(/ping/);
  });

  it('terminate(): calls TerminateSession, ignores "not in a valid state", resolves once closed', async () => {
    const h = harness({
      terminateSession: async () => {
        h.terminateCalls++;
        throw new Error('ValidationException: Session is not in a valid state');
      },
    });
    const socket = connect(h);
    const done = h.client.terminate();
    await until(() => h.terminateCalls === 1, 'TerminateSession');
    await settle();
    expect(h.client.state.kind).not.toBe('closed');
    socket.receive(closedFrame(h, ''));
    await done;
    expect(h.client.state).toEqual({ kind: 'closed', reason: 'Session terminated.', exitCode: null });
  });

  it('terminate(): closes locally when channel_closed never comes', async () => {
    const h = harness();
    connect(h);
    const done = h.client.terminate();
    await until(() => h.terminateCalls === 1, 'TerminateSession');
    await settle();
    h.clock.advance(5_000);
    await done;
    expect(h.client.state.kind).toBe('closed');
  });

  it('forceClose(): closed at once with the reason, socket terminated, TerminateSession tried', () => {
    const h = harness();
    const socket = connect(h);
    h.client.forceClose('Operator closed the tab.');
    expect(h.client.state).toEqual({ kind: 'closed', reason: 'Operator closed the tab.', exitCode: null, errorCode: 'ForceClosed' });
    expect(socket.terminated).toBe(true);
    expect(h.terminateCalls).toBe(1);
    socket.receive(h.output1(PayloadType.Output, Buffer.from('late')));
    expect(h.output).toEqual([]);
  });
});
