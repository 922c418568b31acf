import { MessageType } from './codec';

/** Payload of an `acknowledge` message (§4). */
export interface AcknowledgeContent {
  readonly acknowledgedMessageType: string;
  readonly acknowledgedMessageId: string;
  readonly acknowledgedMessageSequenceNumber: number;
}

/** Builds the ack JSON with the plugin's key order (§4); IsSequentialMessage is always true. */
export function buildAcknowledgeContent(content: AcknowledgeContent): Uint8Array {
  // Hand-written JSON keeps the plugin's key order and avoids an intermediate object on the hot path.
  return Buffer.from(
    `{"AcknowledgedMessageType":${JSON.stringify(content.acknowledgedMessageType)},` +
      `"AcknowledgedMessageId":${JSON.stringify(content.acknowledgedMessageId)},` +
      `"AcknowledgedMessageSequenceNumber":${Math.trunc(content.acknowledgedMessageSequenceNumber)},` +
      `"IsSequentialMessage":true}`,
    'utf8',
  );
}

/** Parses an ack payload; throws PayloadError when it is not an ack. */
export function parseAcknowledgeContent(payload: Uint8Array): AcknowledgeContent {
  const json = parseJsonObject(payload, 'acknowledge');
  const seq = json['AcknowledgedMessageSequenceNumber'];
  if (typeof seq !== 'number' || !Number.isInteger(seq)) {
    throw new PayloadError('acknowledge payload has no integer AcknowledgedMessageSequenceNumber.');
  }
  return {
    acknowledgedMessageType: stringField(json, 'AcknowledgedMessageType'),
    acknowledgedMessageId: stringField(json, 'AcknowledgedMessageId'),
    acknowledgedMessageSequenceNumber: seq,
  };
}

/** Payload of a `channel_closed` message (§11.1). */
export interface ChannelClosedContent {
  readonly messageId: string;
  /** ISO-8601 string, unlike the binary header's epoch ms. */
  readonly createdDate: string;
  readonly destinationId: string;
  readonly sessionId: string;
  readonly schemaVersion: number;
  /** Empty on a normal exit; `\n----------ERROR-------\n<text>` on failure. */
  readonly output: string;
}

/** Builds a channel_closed payload as MGS sends it (§11.1). */
export function buildChannelClosedContent(content: ChannelClosedContent): Uint8Array {
  return jsonBytes({
    MessageId: content.messageId,
    CreatedDate: content.createdDate,
    DestinationId: content.destinationId,
    SessionId: content.sessionId,
    MessageType: MessageType.ChannelClosed,
    SchemaVersion: content.schemaVersion,
    Output: content.output,
  });
}

/** Parses a channel_closed payload; tolerant of missing fields because MGS headers are [unknown]. */
export function parseChannelClosedContent(payload: Uint8Array): ChannelClosedContent {
  const json = payload.length === 0 ? {} : parseJsonObject(payload, 'channel_closed');
  const schema = json['SchemaVersion'];
  return {
    messageId: optionalString(json, 'MessageId'),
    createdDate: optionalString(json, 'CreatedDate'),
    destinationId: optionalString(json, 'DestinationId'),
    sessionId: optionalString(json, 'SessionId'),
    schemaVersion: typeof schema === 'number' ? schema : 1,
    output: optionalString(json, 'Output'),
  };
}

/** Terminal size as sent with PayloadType.Size (§7.3). */
export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/** Builds `{"cols":…,"rows":…}`; cols first, lowercase keys (§7.3). */
export function buildTerminalSize(size: TerminalSize): Uint8Array {
  return Buffer.from(`{"cols":${toUint32(size.cols)},"rows":${toUint32(size.rows)}}`, 'utf8');
}

/** Parses a Size payload. */
export function parseTerminalSize(payload: Uint8Array): TerminalSize {
  const json = parseJsonObject(payload, 'size');
  const cols = json['cols'];
  const rows = json['rows'];
  if (typeof cols !== 'number' || typeof rows !== 'number') throw new PayloadError('size payload needs numeric cols and rows.');
  return { cols, rows };
}

/** HandshakeResponse ActionStatus values (§6.3). */
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

/** ActionType strings of the handshake (§6.3). */
export const ActionType = { SessionType: 'SessionType', KMSEncryption: 'KMSEncryption' } as const;

/** Agent plugin names carried in the SessionType action (§6.1). */
export type SessionTypeName = 'Standard_Stream' | 'InteractiveCommands' | 'NonInteractiveCommands' | 'Port';

/** One action in a HandshakeRequest. */
export interface RequestedClientAction {
  readonly ActionType: string;
  readonly ActionParameters: unknown;
}

/** ActionParameters of a SessionType action. */
export interface SessionTypeParameters {
  readonly SessionType: string;
  readonly Properties: Record<string, unknown> | null;
}

/** ActionParameters of a KMSEncryption action. */
export interface KmsEncryptionParameters {
  readonly KMSKeyId: string;
  /** Base64 of 16 random bytes; agents before 3.3.808.0 omit it. */
  readonly Challenge?: string;
}

/** HandshakeRequest payload (PayloadType 5). */
export interface HandshakeRequest {
  readonly AgentVersion: string;
  readonly RequestedClientActions: readonly RequestedClientAction[];
}

/** One processed action in a HandshakeResponse. */
export interface ProcessedClientAction {
  readonly ActionType: string;
  readonly ActionStatus: number;
  readonly ActionResult: unknown;
  readonly Error: string;
}

/** HandshakeResponse payload (PayloadType 6). */
export interface HandshakeResponse {
  readonly ClientVersion: string;
  readonly ProcessedClientActions: readonly ProcessedClientAction[];
  readonly Errors: readonly string[] | null;
}

/** ActionResult of a successful KMSEncryption action (§8 step 4, 6). */
export interface KmsEncryptionResult {
  readonly KMSCipherTextKey: string;
  readonly KMSCipherTextHash: null;
  readonly ChallengeAcknowledgement?: boolean;
}

/** HandshakeComplete payload (PayloadType 7); the duration is nanoseconds. */
export interface HandshakeComplete {
  readonly HandshakeTimeToComplete: number;
  readonly CustomerMessage: string;
}

/** EncChallengeRequest / EncChallengeResponse payload (PayloadTypes 8 and 9). */
export interface EncryptionChallenge {
  /** Base64 of AES-GCM sealed bytes. */
  readonly Challenge: string;
}

/** Builds a HandshakeRequest (agent side). */
export function buildHandshakeRequest(request: HandshakeRequest): Uint8Array {
  return jsonBytes({ AgentVersion: request.AgentVersion, RequestedClientActions: request.RequestedClientActions });
}

/** Parses a HandshakeRequest; throws PayloadError when the shape is wrong. */
export function parseHandshakeRequest(payload: Uint8Array): HandshakeRequest {
  const json = parseJsonObject(payload, 'HandshakeRequest');
  const actions = json['RequestedClientActions'];
  if (!Array.isArray(actions)) throw new PayloadError('HandshakeRequest has no RequestedClientActions list.');
  return {
    AgentVersion: optionalString(json, 'AgentVersion'),
    RequestedClientActions: actions.map((action: unknown) => {
      if (!isRecord(action) || typeof action['ActionType'] !== 'string') {
        throw new PayloadError('HandshakeRequest action has no ActionType.');
      }
      return { ActionType: action['ActionType'], ActionParameters: action['ActionParameters'] ?? null };
    }),
  };
}

/** Builds a HandshakeResponse with the plugin's key order (§6.3). */
export function buildHandshakeResponse(response: HandshakeResponse): Uint8Array {
  return jsonBytes({
    ClientVersion: response.ClientVersion,
    ProcessedClientActions: response.ProcessedClientActions.map((a) => ({
      ActionType: a.ActionType,
      ActionStatus: a.ActionStatus,
      ActionResult: a.ActionResult ?? null,
      Error: a.Error,
    })),
    Errors: response.Errors && response.Errors.length > 0 ? response.Errors : null,
  });
}

/** Parses a HandshakeResponse (agent side). */
export function parseHandshakeResponse(payload: Uint8Array): HandshakeResponse {
  const json = parseJsonObject(payload, 'HandshakeResponse');
  const actions = json['ProcessedClientActions'];
  if (!Array.isArray(actions)) throw new PayloadError('HandshakeResponse has no ProcessedClientActions list.');
  const errors = json['Errors'];
  return {
    ClientVersion: optionalString(json, 'ClientVersion'),
    ProcessedClientActions: actions.map((action: unknown) => {
      if (!isRecord(action)) throw new PayloadError('HandshakeResponse action is not an object.');
      return {
        ActionType: optionalString(action, 'ActionType'),
        ActionStatus: typeof action['ActionStatus'] === 'number' ? action['ActionStatus'] : 0,
        ActionResult: action['ActionResult'] ?? null,
        Error: optionalString(action, 'Error'),
      };
    }),
    Errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : null,
  };
}

/** Builds a HandshakeComplete (agent side). */
export function buildHandshakeComplete(complete: HandshakeComplete): Uint8Array {
  return jsonBytes({ HandshakeTimeToComplete: complete.HandshakeTimeToComplete, CustomerMessage: complete.CustomerMessage });
}

/** Parses a HandshakeComplete. */
export function parseHandshakeComplete(payload: Uint8Array): HandshakeComplete {
  const json = parseJsonObject(payload, 'HandshakeComplete');
  const took = json['HandshakeTimeToComplete'];
  return { HandshakeTimeToComplete: typeof took === 'number' ? took : 0, CustomerMessage: optionalString(json, 'CustomerMessage') };
}

/** Builds an EncChallengeRequest or EncChallengeResponse payload. */
export function buildEncryptionChallenge(challenge: EncryptionChallenge): Uint8Array {
  return jsonBytes({ Challenge: challenge.Challenge });
}

/** Parses an EncChallengeRequest or EncChallengeResponse payload. */
export function parseEncryptionChallenge(payload: Uint8Array): EncryptionChallenge {
  const json = parseJsonObject(payload, 'encryption challenge');
  return { Challenge: stringField(json, 'Challenge') };
}

/** Builds an ExitCode payload: text `EXIT_CODE: <n>` (§3.6). */
export function buildExitCode(code: number): Uint8Array {
  return Buffer.from(`EXIT_CODE: ${Math.trunc(code)}`, 'utf8');
}

const EXIT_CODE_PATTERN = /EXIT_CODE:\s*(-?\d+)/;

/** Parses an ExitCode payload; null when it holds no `EXIT_CODE: n`. */
export function parseExitCode(payload: Uint8Array): number | null {
  const match = EXIT_CODE_PATTERN.exec(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/** Builds a Flag payload: 4-byte big-endian uint32 (§3.6). */
export function buildFlag(flag: number): Uint8Array {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(flag >>> 0, 0);
  return out;
}

/** Parses a Flag payload. */
export function parseFlag(payload: Uint8Array): number {
  if (payload.length !== 4) throw new PayloadError(`Flag payload is ${payload.length} bytes, expected 4.`);
  return Buffer.from(payload.buffer, payload.byteOffset, 4).readUInt32BE(0);
}

/** The first frame on the socket: a text frame, key order as the plugin writes it (§2.3). */
export interface OpenDataChannelInput {
  readonly requestId: string;
  readonly tokenValue: string;
  readonly clientId: string;
  readonly clientVersion: string;
}

/** Builds the OpenDataChannel token-frame JSON text. */
export function buildOpenDataChannel(input: OpenDataChannelInput): string {
  return JSON.stringify({
    MessageSchemaVersion: '1.0',
    RequestId: input.requestId,
    TokenValue: input.tokenValue,
    ClientId: input.clientId,
    ClientVersion: input.clientVersion,
  });
}

/** Parsed OpenDataChannel (agent/MGS side). */
export interface OpenDataChannel {
  readonly MessageSchemaVersion: string;
  readonly RequestId: string;
  readonly TokenValue: string;
  readonly ClientId?: string;
  readonly ClientVersion?: string;
}

/** Parses a token frame; throws PayloadError unless it has a TokenValue. */
export function parseOpenDataChannel(text: string): OpenDataChannel {
  const json = parseJsonObject(Buffer.from(text, 'utf8'), 'OpenDataChannel');
  const out: OpenDataChannel = {
    MessageSchemaVersion: optionalString(json, 'MessageSchemaVersion'),
    RequestId: optionalString(json, 'RequestId'),
    TokenValue: stringField(json, 'TokenValue'),
    ...(typeof json['ClientId'] === 'string' ? { ClientId: json['ClientId'] } : {}),
    ...(typeof json['ClientVersion'] === 'string' ? { ClientVersion: json['ClientVersion'] } : {}),
  };
  return out;
}

/** A payload whose JSON does not have the shape its PayloadType promises. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function parseJsonObject(payload: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    throw new PayloadError(`${what} payload is not JSON.`);
  }
  if (!isRecord(value)) throw new PayloadError(`${what} payload is not a JSON object.`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(json: Record<string, unknown>, key: string): string {
  const value = json[key];
  if (typeof value !== 'string') throw new PayloadError(`payload has no string ${key}.`);
  return value;
}

function optionalString(json: Record<string, unknown>, key: string): string {
  const value = json[key];
  return typeof value === 'string' ? value : '';
}

function toUint32(n: number): number {
  return Math.max(0, Math.min(0xffffffff, Math.trunc(n)));
}
