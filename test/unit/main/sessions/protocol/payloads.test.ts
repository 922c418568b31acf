import { describe, expect, it } from 'vitest';
import {
  ActionStatus,
  buildAcknowledgeContent,
  buildChannelClosedContent,
  buildExitCode,
  buildFlag,
  buildHandshakeComplete,
  buildHandshakeRequest,
  buildHandshakeResponse,
  buildOpenDataChannel,
  buildTerminalSize,
  parseAcknowledgeContent,
  parseChannelClosedContent,
  parseExitCode,
  parseFlag,
  parseHandshakeComplete,
  parseHandshakeRequest,
  parseHandshakeResponse,
  parseOpenDataChannel,
  parseTerminalSize,
  PayloadError,
} from '../../../../../main/sessions/protocol/payloads';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('payloads', () => {
  it('builds the ack JSON with the plugin key order (§4) and parses it back', () => {
    const bytes = buildAcknowledgeContent({
      acknowledgedMessageType: 'output_stream_data',
      acknowledgedMessageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      acknowledgedMessageSequenceNumber: 7,
    });
    expect(text(bytes)).toBe(
      '{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","AcknowledgedMessageSequenceNumber":7,"IsSequentialMessage":true}',
    );
    expect(parseAcknowledgeContent(bytes).acknowledgedMessageSequenceNumber).toBe(7);
    expect(() => parseAcknowledgeContent(Buffer.from('{"AcknowledgedMessageSequenceNumber":"7"}'))).toThrow(PayloadError);
    expect(() => parseAcknowledgeContent(Buffer.from('nope'))).toThrow(PayloadError);
  });

  it('terminal size: cols first, lowercase keys (§7.3)', () => {
    expect(text(buildTerminalSize({ cols: 120, rows: 40 }))).toBe('{"cols":120,"rows":40}');
    expect(parseTerminalSize(buildTerminalSize({ cols: 80, rows: 24 }))).toEqual({ cols: 80, rows: 24 });
  });

  it('channel_closed round trip keeps the error Output', () => {
    const output = '\n----------ERROR-------\nHandshake timed out.';
    const bytes = buildChannelClosedContent({
      messageId: 'e61ab986-0000-4000-8000-000000000000',
      createdDate: '2021-10-01T09:24:34.917Z',
      destinationId: 'd',
      sessionId: 's-1',
      schemaVersion: 1,
      output,
    });
    expect(JSON.parse(text(bytes)).MessageType).toBe('channel_closed');
    expect(parseChannelClosedContent(bytes).output).toBe(output);
    expect(parseChannelClosedContent(new Uint8Array(0)).output).toBe('');
  });

  it('handshake request/response/complete round trips; Errors null when empty', () => {
    const request = {
      AgentVersion: '3.3.859.0',
      RequestedClientActions: [
        { ActionType: 'SessionType', ActionParameters: { SessionType: 'Standard_Stream', Properties: null } },
        { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'arn:key', Challenge: 'YWJj' } },
      ],
    };
    expect(parseHandshakeRequest(buildHandshakeRequest(request))).toEqual(request);
    const response = buildHandshakeResponse({
      ClientVersion: '1.2.0.0',
      ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' }],
      Errors: [],
    });
    // The exact 145-byte response the real plugin sent (§3.7 observed).
    expect(text(response)).toBe(
      '{"ClientVersion":"1.2.0.0","ProcessedClientActions":[{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}',
    );
    expect(response.length).toBe(145);
    expect(parseHandshakeResponse(response).ProcessedClientActions[0]!.ActionStatus).toBe(1);
    const complete = parseHandshakeComplete(buildHandshakeComplete({ HandshakeTimeToComplete: 123456789, CustomerMessage: 'hi' }));
    expect(complete).toEqual({ HandshakeTimeToComplete: 123456789, CustomerMessage: 'hi' });
    expect(() => parseHandshakeRequest(Buffer.from('{"AgentVersion":"1"}'))).toThrow(PayloadError);
  });

  it('exit code text and flags', () => {
    expect(text(buildExitCode(3))).toBe('EXIT_CODE: 3');
    expect(parseExitCode(Buffer.from('EXIT_CODE: 127\n'))).toBe(127);
    expect(parseExitCode(Buffer.from('EXIT_CODE: -1'))).toBe(-1);
    expect(parseExitCode(Buffer.from('garbage'))).toBeNull();
    expect(Buffer.from(buildFlag(2)).toString('hex')).toBe('00000002');
    expect(parseFlag(buildFlag(3))).toBe(3);
    expect(() => parseFlag(new Uint8Array(3))).toThrow(PayloadError);
  });

  it('token frame has the plugin key order and parses back', () => {
    const json = buildOpenDataChannel({ requestId: 'r', tokenValue: 't', clientId: 'c', clientVersion: '1.2.707.0' });
    expect(Object.keys(JSON.parse(json))).toEqual(['MessageSchemaVersion', 'RequestId', 'TokenValue', 'ClientId', 'ClientVersion']);
    expect(parseOpenDataChannel(json)).toMatchObject({ TokenValue: 't', ClientId: 'c', MessageSchemaVersion: '1.0' });
    expect(() => parseOpenDataChannel('{"RequestId":"r"}')).toThrow(PayloadError);
  });
});
