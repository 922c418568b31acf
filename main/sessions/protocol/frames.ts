import { encodeClientMessage, encodeTextMessage, MessageType, type ClientMessage } from './codec';
import { buildAcknowledgeContent } from './payloads';

// Fields made only of these need no JSON escaping and are one latin1 byte per character.
const PLAIN_JSON = /^[\w.:/+=-]*$/;

/** Encodes the ack of one sequenced message: seq 0, flags 3, PayloadType 0, fresh id (§4). */
export function encodeAcknowledge(acked: Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>, createdDate: number): Buffer {
  // Hot path (one ack per output frame): plain-ASCII fields go straight into the frame (§16).
  if (PLAIN_JSON.test(acked.messageType) && PLAIN_JSON.test(acked.messageId) && Number.isSafeInteger(acked.sequenceNumber)) {
    return encodeTextMessage(
      { messageType: MessageType.Acknowledge, schemaVersion: 1, createdDate, sequenceNumber: 0, flags: 3, payloadType: 0 },
      `{"AcknowledgedMessageType":"${acked.messageType}","AcknowledgedMessageId":"${acked.messageId}",` +
        `"AcknowledgedMessageSequenceNumber":${acked.sequenceNumber},"IsSequentialMessage":true}`,
    );
  }
  return encodeClientMessage({
    messageType: MessageType.Acknowledge,
    schemaVersion: 1,
    createdDate,
    sequenceNumber: 0,
    flags: 3,
    payloadType: 0,
    payload: buildAcknowledgeContent({
      acknowledgedMessageType: acked.messageType,
      acknowledgedMessageId: acked.messageId,
      acknowledgedMessageSequenceNumber: acked.sequenceNumber,
    }),
  });
}

/** Encodes one sequenced stream message; flags follow §3.3 (the client always sends 0, the agent SYN on seq 0). */
export function encodeStreamMessage(fields: {
  messageType: typeof MessageType.InputStreamData | typeof MessageType.OutputStreamData;
  sequenceNumber: number;
  payloadType: number;
  payload: Uint8Array;
  createdDate: number;
}): Buffer {
  const syn = fields.messageType === MessageType.OutputStreamData && fields.sequenceNumber === 0;
  return encodeClientMessage({
    messageType: fields.messageType,
    schemaVersion: 1,
    createdDate: fields.createdDate,
    sequenceNumber: fields.sequenceNumber,
    flags: syn ? 1 : 0,
    payloadType: fields.payloadType,
    payload: fields.payload,
  });
}
