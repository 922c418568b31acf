import { createHash, hash, randomFillSync } from 'node:crypto';

/** MessageType strings of the data channel (session-protocol.md §3.5). */
export const MessageType = {
  InputStreamData: 'input_stream_data',
  OutputStreamData: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
} as const;

/** PayloadType values (session-protocol.md §3.6). */
export const PayloadType = {
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

/** Flag payload values carried by PayloadType.Flag (§3.6). */
export const PayloadFlag = { DisconnectToPort: 1, TerminateSession: 2, ConnectToPortError: 3 } as const;

/** One binary data-channel message (the plugin's ClientMessage, the agent's AgentMessage). */
export interface ClientMessage {
  messageType: string;
  schemaVersion: number;
  /** Epoch milliseconds. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Lowercase canonical UUID. */
  messageId: string;
  payloadType: number;
  payload: Uint8Array;
}

/** A message to encode; without `messageId` a fresh random v4 id is written straight into the frame. */
export type OutgoingMessage = Omit<ClientMessage, 'messageId'> & { messageId?: string };

/** HeaderLength is the offset of PayloadLength, not of the payload (§3.1). */
export const HEADER_LENGTH = 116;
/** Bytes before the payload: the header plus the 4-byte PayloadLength. */
export const FRAME_OVERHEAD = HEADER_LENGTH + 4;

const TYPE_OFFSET = 4;
const TYPE_LENGTH = 32;
const SCHEMA_OFFSET = 36;
const CREATED_OFFSET = 40;
const SEQ_OFFSET = 48;
const FLAGS_OFFSET = 56;
const ID_OFFSET = 64;
const DIGEST_OFFSET = 80;
const PAYLOAD_TYPE_OFFSET = 112;
const PAYLOAD_LENGTH_OFFSET = 116;

/** Why a received frame was rejected. */
export type FrameErrorReason = 'truncated' | 'header-length' | 'payload-length' | 'digest' | 'message-type';

/** A received frame that does not follow §3; `reason` says which rule it broke. */
export class FrameError extends Error {
  readonly reason: FrameErrorReason;

  constructor(reason: FrameErrorReason, message: string) {
    super(message);
    this.name = 'FrameError';
    this.reason = reason;
  }
}

/** Serialises a message per §3.1: big-endian, space-padded type, swapped UUID halves, SHA-256 digest. */
export function encodeClientMessage(message: OutgoingMessage): Buffer {
  const payload = message.payload;
  const frame = allocateFrame(message, payload.length);
  frame.set(payload, FRAME_OVERHEAD);
  // Hash the copy inside the frame: one pass over bytes already in cache.
  sha256(frame.subarray(FRAME_OVERHEAD)).copy(frame, DIGEST_OFFSET);
  return frame;
}

/**
 * Serialises a message whose payload is latin1 text (acks), writing the text straight into the
 * frame: no intermediate payload buffer on the per-frame ack path (§16).
 */
export function encodeTextMessage(message: Omit<OutgoingMessage, 'payload'>, text: string): Buffer {
  const frame = allocateFrame(message, text.length);
  frame.write(text, FRAME_OVERHEAD, 'latin1');
  sha256(frame.subarray(FRAME_OVERHEAD)).copy(frame, DIGEST_OFFSET);
  return frame;
}

/** A frame of the right size with every header field but the digest written (§3.1). */
function allocateFrame(message: Omit<OutgoingMessage, 'payload'>, payloadLength: number): Buffer {
  // allocUnsafe is safe here: every header byte is written below and the caller fills the payload.
  const frame = Buffer.allocUnsafe(FRAME_OVERHEAD + payloadLength);
  frame.writeUInt32BE(HEADER_LENGTH, 0);
  if (message.messageType.length > TYPE_LENGTH) {
    throw new RangeError(`MessageType longer than ${TYPE_LENGTH} bytes: ${message.messageType}`);
  }
  const typeEnd = TYPE_OFFSET + frame.write(message.messageType, TYPE_OFFSET, TYPE_LENGTH, 'latin1');
  frame.fill(0x20, typeEnd, TYPE_OFFSET + TYPE_LENGTH);
  frame.writeUInt32BE(message.schemaVersion >>> 0, SCHEMA_OFFSET);
  writeInt64(frame, message.createdDate, CREATED_OFFSET);
  writeInt64(frame, message.sequenceNumber, SEQ_OFFSET);
  writeInt64(frame, message.flags, FLAGS_OFFSET);
  if (message.messageId === undefined) writeRandomMessageId(frame);
  else writeSwappedUuid(frame, message.messageId);
  frame.writeUInt32BE(message.payloadType >>> 0, PAYLOAD_TYPE_OFFSET);
  frame.writeUInt32BE(payloadLength, PAYLOAD_LENGTH_OFFSET);
  return frame;
}

const TWO_32 = 2 ** 32;

// Two 32-bit writes instead of BigInt conversions: every field we send is a safe integer.
function writeInt64(frame: Buffer, value: number, offset: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer for a 64-bit field: ${value}`);
  const high = Math.floor(value / TWO_32);
  frame.writeInt32BE(high, offset);
  frame.writeUInt32BE(value - high * TWO_32, offset + 4);
}

// Exact for |value| < 2^53; larger values (never sent by a real peer) fall back to BigInt.
function readInt64(buf: Buffer, offset: number, signed: boolean): number {
  const high = signed ? buf.readInt32BE(offset) : buf.readUInt32BE(offset);
  if (high >= 0x200000 || high < -0x200000) return Number(signed ? buf.readBigInt64BE(offset) : buf.readBigUInt64BE(offset));
  return high * TWO_32 + buf.readUInt32BE(offset + 4);
}

/**
 * Parses one frame. Throws FrameError on a broken frame. The digest is checked unless
 * `verifyDigest` is false, and never for publication messages, which MGS sends unvalidated (§3.4).
 */
export function decodeClientMessage(frame: Uint8Array, options: { verifyDigest?: boolean } = {}): ClientMessage {
  if (frame.length < FRAME_OVERHEAD) {
    throw new FrameError('truncated', `Frame of ${frame.length} bytes is shorter than the ${FRAME_OVERHEAD}-byte header.`);
  }
  const buf = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = buf.readUInt32BE(0);
  if (headerLength !== HEADER_LENGTH) {
    throw new FrameError('header-length', `HeaderLength is ${headerLength}, expected ${HEADER_LENGTH}.`);
  }
  const messageType = readMessageType(buf);
  if (messageType === '') throw new FrameError('message-type', 'MessageType is empty.');
  const payloadLength = buf.readUInt32BE(PAYLOAD_LENGTH_OFFSET);
  const available = buf.length - FRAME_OVERHEAD;
  if (payloadLength > available) {
    throw new FrameError('truncated', `PayloadLength ${payloadLength} exceeds the ${available} bytes present.`);
  }
  if (payloadLength !== available) {
    // Receivers take the payload from HeaderLength+4 to the end (§3.1); trailing bytes mean a framing bug.
    throw new FrameError('payload-length', `PayloadLength ${payloadLength} but ${available} payload bytes present.`);
  }
  const payload = buf.subarray(FRAME_OVERHEAD);
  const publication = messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
  if (options.verifyDigest !== false && !publication && payloadLength !== 0) {
    const digest = sha256(payload);
    if (!digest.equals(buf.subarray(DIGEST_OFFSET, DIGEST_OFFSET + 32))) {
      throw new FrameError('digest', `PayloadDigest does not match the payload of a ${messageType} frame.`);
    }
  }
  return {
    messageType,
    schemaVersion: buf.readUInt32BE(SCHEMA_OFFSET),
    createdDate: readInt64(buf, CREATED_OFFSET, false),
    sequenceNumber: readInt64(buf, SEQ_OFFSET, true),
    flags: readInt64(buf, FLAGS_OFFSET, false),
    messageId: readSwappedUuid(buf),
    payloadType: buf.readUInt32BE(PAYLOAD_TYPE_OFFSET),
    payload,
  };
}

// One-shot crypto.hash (Node ≥ 20.12) is about twice as fast as createHash for 1 KiB payloads (§16).
const sha256: (data: Uint8Array) => Buffer =
  typeof hash === 'function'
    ? (data) => hash('sha256', data, 'buffer')
    : (data) => createHash('sha256').update(data).digest();

function readMessageType(buf: Buffer): string {
  let start = TYPE_OFFSET;
  let end = TYPE_OFFSET + TYPE_LENGTH;
  // Go receivers strip NULs from both ends, then whitespace (§3.1); the JS library pads with NULs on the left.
  while (start < end && (buf[start] === 0 || buf[start] === 0x20)) start++;
  while (end > start && (buf[end - 1] === 0 || buf[end - 1] === 0x20)) end--;
  return buf.toString('latin1', start, end);
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}
// String position of each canonical UUID byte, and where that byte goes: b[8..15] first, then b[0..7] (§3.2).
const UUID_CHAR = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const UUID_SLOT = UUID_CHAR.map((_, i) => ID_OFFSET + (i < 8 ? i + 8 : i - 8));

function writeSwappedUuid(frame: Buffer, uuid: string): void {
  // Hot path (every frame): one pass over the characters, no substrings.
  if (uuid.length !== 36 || uuid[8] !== '-' || uuid[13] !== '-' || uuid[18] !== '-' || uuid[23] !== '-') {
    throw new RangeError(`MessageId is not a UUID: ${uuid}`);
  }
  for (let i = 0; i < 16; i++) {
    const at = UUID_CHAR[i] as number;
    const high = HEX_VALUE[uuid.charCodeAt(at)] ?? -1;
    const low = HEX_VALUE[uuid.charCodeAt(at + 1)] ?? -1;
    if (high < 0 || low < 0) throw new RangeError(`MessageId is not a UUID: ${uuid}`);
    frame[UUID_SLOT[i] as number] = (high << 4) | low;
  }
}

// Random ids for frames we originate come from a pool refilled 256 ids at a time.
const ID_POOL = Buffer.allocUnsafe(16 * 256);
let idPoolAt = ID_POOL.length;

function writeRandomMessageId(frame: Buffer): void {
  if (idPoolAt === ID_POOL.length) {
    randomFillSync(ID_POOL);
    idPoolAt = 0;
  }
  ID_POOL.copy(frame, ID_OFFSET, idPoolAt, idPoolAt + 16);
  idPoolAt += 16;
  // RFC 4122 version 4 and variant bits, at the swapped positions of canonical bytes 6 and 8.
  frame[ID_OFFSET + 14] = ((frame[ID_OFFSET + 14] ?? 0) & 0x0f) | 0x40;
  frame[ID_OFFSET] = ((frame[ID_OFFSET] ?? 0) & 0x3f) | 0x80;
}

function readSwappedUuid(buf: Buffer): string {
  const hex = buf.toString('hex', ID_OFFSET + 8, ID_OFFSET + 16) + buf.toString('hex', ID_OFFSET, ID_OFFSET + 8);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
