import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  encodeClientMessage,
  encodeTextMessage,
  FrameError,
  MessageType,
  PayloadType,
  type ClientMessage,
} from '../../../../../main/sessions/protocol/codec';
import { encodeAcknowledge } from '../../../../../main/sessions/protocol/frames';
import { buildAcknowledgeContent, parseAcknowledgeContent } from '../../../../../main/sessions/protocol/payloads';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/^\s*\d+:/gm, '').replace(/[^0-9a-f]/gi, ''), 'hex');
}

// session-protocol.md §3.7 vector A, byte for byte.
const VECTOR_A = hex(`
   0: 00 00 00 74 69 6e 70 75 74 5f 73 74 72 65 61 6d
  16: 5f 64 61 74 61 20 20 20 20 20 20 20 20 20 20 20
  32: 20 20 20 20 00 00 00 01 00 00 01 8b cf e5 68 00
  48: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  64: a5 08 b5 f0 73 f3 1b 16 dd 01 e5 6b ff 48 48 3e
  80: ed f7 35 9c 89 07 7b 60 8a 6b 3e 8b 19 e6 3b bf
  96: c7 aa 72 49 89 a0 5e a3 71 a9 96 6a 6e 9d b7 cc
 112: 00 00 00 03 00 00 00 16 7b 22 63 6f 6c 73 22 3a
 128: 31 32 30 2c 22 72 6f 77 73 22 3a 34 30 7d`);

const messageA: ClientMessage = {
  messageType: MessageType.InputStreamData,
  schemaVersion: 1,
  createdDate: 1700000000000,
  sequenceNumber: 0,
  flags: 0,
  messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
  payloadType: PayloadType.Size,
  payload: Buffer.from('{"cols":120,"rows":40}'),
};

describe('codec: §3.7 test vectors', () => {
  it('encodes vector A byte for byte', () => {
    const frame = encodeClientMessage(messageA);
    expect(frame.length).toBe(142);
    expect(frame.toString('hex')).toBe(VECTOR_A.toString('hex'));
  });

  it('decodes vector A back to the same fields', () => {
    const decoded = decodeClientMessage(VECTOR_A);
    expect({ ...decoded, payload: Buffer.from(decoded.payload).toString() }).toEqual({
      ...messageA,
      payload: '{"cols":120,"rows":40}',
    });
  });

  it('encodes vector B (Flag TerminateSession, seq 12) with the documented bytes', () => {
    const frame = encodeClientMessage({
      messageType: MessageType.InputStreamData,
      schemaVersion: 1,
      createdDate: 1700000000000,
      sequenceNumber: 12,
      flags: 0,
      messageId: '0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f',
      payloadType: PayloadType.Flag,
      payload: Buffer.from([0, 0, 0, 2]),
    });
    expect(frame.subarray(48, 64).toString('hex')).toBe('000000000000000c0000000000000000');
    expect(frame.subarray(64, 80).toString('hex')).toBe('88796a5b4c3d2e1f0f1e2d3c4b5a4697');
    expect(frame.subarray(112, 124).toString('hex')).toBe('0000000a0000000400000002');
  });

  it('encodes the §4 acknowledge example header', () => {
    const payload = buildAcknowledgeContent({
      acknowledgedMessageType: 'output_stream_data',
      acknowledgedMessageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      acknowledgedMessageSequenceNumber: 7,
    });
    expect(payload.length).toBe(176);
    const frame = encodeClientMessage({
      messageType: MessageType.Acknowledge,
      schemaVersion: 1,
      createdDate: 1700000000123,
      sequenceNumber: 0,
      flags: 3,
      messageId: '11111111-2222-4333-8444-555555555555',
      payloadType: 0,
      payload,
    });
    const expected = Buffer.concat([
      hex('00 00 00 74'),
      Buffer.from('acknowledge' + ' '.repeat(21), 'latin1'),
      hex('00 00 00 01 00 00 01 8b cf e5 68 7b'),
      Buffer.alloc(8),
      hex('00 00 00 00 00 00 00 03'),
      hex('84 44 55 55 55 55 55 55 11 11 11 11 22 22 43 33'),
      createHash('sha256').update(payload).digest(),
      hex('00 00 00 00 00 00 00 b0'),
    ]);
    expect(frame.subarray(0, 120).toString('hex')).toBe(expected.toString('hex'));
    expect(frame.length).toBe(296);
  });
});

describe('codec: round trips and tolerance', () => {
  it('round-trips large sequence numbers, flags and binary payloads', () => {
    const message: ClientMessage = {
      messageType: MessageType.OutputStreamData,
      schemaVersion: 1,
      createdDate: Date.UTC(2030, 0, 1),
      sequenceNumber: 2 ** 40 + 7,
      flags: 1,
      messageId: '00112233-4455-4677-8899-aabbccddeeff',
      payloadType: PayloadType.Output,
      payload: Uint8Array.from({ length: 1027 }, (_, i) => (i * 31) & 0xff),
    };
    const decoded = decodeClientMessage(encodeClientMessage(message));
    expect(decoded.sequenceNumber).toBe(message.sequenceNumber);
    expect(decoded.createdDate).toBe(message.createdDate);
    expect(decoded.flags).toBe(1);
    expect(decoded.messageId).toBe(message.messageId);
    expect(Buffer.from(decoded.payload).equals(Buffer.from(message.payload))).toBe(true);
  });

  it('accepts an empty payload (digest of nothing) and a NUL-left-padded type like the JS library writes', () => {
    const frame = encodeClientMessage({ ...messageA, payload: new Uint8Array(0) });
    expect(frame.subarray(80, 84).toString('hex')).toBe('e3b0c442');
    const nulPadded = Buffer.from(frame);
    nulPadded.fill(0, 4, 36);
    nulPadded.write('input_stream_data', 36 - 'input_stream_data'.length, 'latin1');
    expect(decodeClientMessage(nulPadded).messageType).toBe('input_stream_data');
  });

  it('rejects a UUID that is not canonical', () => {
    expect(() => encodeClientMessage({ ...messageA, messageId: 'not-a-uuid' })).toThrow(RangeError);
  });
});

describe('codec: FrameError reasons', () => {
  const reasonOf = (frame: Uint8Array, options?: { verifyDigest?: boolean }): string => {
    try {
      decodeClientMessage(frame, options);
    } catch (error) {
      expect(error).toBeInstanceOf(FrameError);
      return (error as FrameError).reason;
    }
    return 'none';
  };

  it('truncated: shorter than the header', () => {
    expect(reasonOf(VECTOR_A.subarray(0, 100))).toBe('truncated');
  });

  it('truncated: PayloadLength promises more bytes than present', () => {
    expect(reasonOf(VECTOR_A.subarray(0, VECTOR_A.length - 1))).toBe('truncated');
  });

  it('payload-length: trailing bytes after the payload', () => {
    expect(reasonOf(Buffer.concat([VECTOR_A, Buffer.from([0])]))).toBe('payload-length');
  });

  it('header-length: HeaderLength other than 116', () => {
    const bad = Buffer.from(VECTOR_A);
    bad.writeUInt32BE(120, 0);
    expect(reasonOf(bad)).toBe('header-length');
  });

  it('message-type: blank MessageType', () => {
    const bad = Buffer.from(VECTOR_A);
    bad.fill(0x20, 4, 36);
    expect(reasonOf(bad)).toBe('message-type');
  });

  it('digest: one flipped payload bit, unless verification is off', () => {
    const bad = Buffer.from(VECTOR_A);
    bad[130] = bad[130]! ^ 1;
    expect(reasonOf(bad)).toBe('digest');
    expect(reasonOf(bad, { verifyDigest: false })).toBe('none');
  });

  it('does not check digests of publication messages (§3.4)', () => {
    const frame = encodeClientMessage({ ...messageA, messageType: MessageType.PausePublication, payload: Buffer.from('x') });
    frame.fill(0, 80, 112);
    expect(decodeClientMessage(frame).messageType).toBe('pause_publication');
  });
});

describe('codec: 64-bit fields and the text fast path', () => {
  it('round-trips 64-bit fields across the 32-bit boundary and negative sequence numbers', () => {
    for (const [createdDate, sequenceNumber, flags] of [
      [Date.UTC(2100, 0, 1), 2 ** 32 + 5, 2 ** 40],
      [0, -1, 0],
      [2 ** 53 - 1, -(2 ** 40) - 3, 3],
    ] as const) {
      const frame = encodeClientMessage({ ...messageA, createdDate, sequenceNumber, flags });
      expect(frame.readBigUInt64BE(40)).toBe(BigInt(createdDate));
      expect(frame.readBigInt64BE(48)).toBe(BigInt(sequenceNumber));
      expect(frame.readBigUInt64BE(56)).toBe(BigInt(flags));
      expect(decodeClientMessage(frame)).toMatchObject({ createdDate, sequenceNumber, flags });
    }
  });

  it('refuses a value a 64-bit field cannot carry exactly', () => {
    expect(() => encodeClientMessage({ ...messageA, sequenceNumber: 1.5 })).toThrow(RangeError);
    expect(() => encodeClientMessage({ ...messageA, createdDate: 2 ** 60 })).toThrow(RangeError);
  });

  it('encodeTextMessage writes the same bytes as encodeClientMessage with the text as payload', () => {
    const text = '{"cols":120,"rows":40}';
    const { payload: _payload, ...header } = messageA;
    expect(encodeTextMessage(header, text).equals(encodeClientMessage({ ...messageA, payload: Buffer.from(text, 'latin1') }))).toBe(true);
    expect(encodeTextMessage(header, text).equals(VECTOR_A)).toBe(true);
  });

  it('the ack fast path carries the same JSON as buildAcknowledgeContent, with a valid digest', () => {
    const acked = { messageType: MessageType.OutputStreamData, messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16', sequenceNumber: 4_294_967_300 };
    const ack = decodeClientMessage(encodeAcknowledge(acked, 1700000000000));
    expect(Buffer.from(ack.payload).toString('utf8')).toBe(
      Buffer.from(
        buildAcknowledgeContent({
          acknowledgedMessageType: acked.messageType,
          acknowledgedMessageId: acked.messageId,
          acknowledgedMessageSequenceNumber: acked.sequenceNumber,
        }),
      ).toString('utf8'),
    );
    expect(ack).toMatchObject({ messageType: MessageType.Acknowledge, sequenceNumber: 0, flags: 3, payloadType: 0 });
  });

  it('an ack of a message whose fields need JSON escaping still parses', () => {
    const acked = { messageType: 'odd"type\\', messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16', sequenceNumber: 7 };
    const ack = decodeClientMessage(encodeAcknowledge(acked, 1700000000000));
    expect(parseAcknowledgeContent(ack.payload)).toEqual({
      acknowledgedMessageType: acked.messageType,
      acknowledgedMessageId: acked.messageId,
      acknowledgedMessageSequenceNumber: 7,
    });
  });
});

describe('codec: message ids', () => {
  it('writes a fresh random v4 id, in swapped halves, when the message has none', () => {
    const { messageId: _id, ...noId } = messageA;
    const ids = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const id = decodeClientMessage(encodeClientMessage(noId)).messageId;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(600);
  });

  it('refuses a message id with a non-hex character', () => {
    expect(() => encodeClientMessage({ ...messageA, messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b1g' })).toThrow(RangeError);
    expect(() => encodeClientMessage({ ...messageA, messageId: 'dd01e56b_ff48-483e-a508-b5f073f31b16' })).toThrow(RangeError);
  });
});
