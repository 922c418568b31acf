import type { Agent } from 'node:http';
import { GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  DescribeSessionsCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { toAwsError } from '../aws/aws-errors';
import { AwsError } from '../errors/app-error';

/** A workspace's AWS clients as sessions need them: SSM for the session, KMS for encrypted ones. */
export interface SessionClients {
  ssm: SSMClient;
  kms: KMSClient;
  /** Endpoint override (training fleet), named in network errors. */
  endpoint?: string;
  /** The agent a stream URL is opened with (the profile's proxy and CA bundle). */
  webSocketAgent?: (url: string) => Agent;
}

/** What StartSession returns; stays in main. */
export interface StartedSession {
  sessionId: string;
  tokenValue: string;
  streamUrl: string;
}

/** A session as DescribeSessions reports it. */
export interface AwsSession {
  sessionId: string;
  target: string;
  status: string;
  owner: string;
  startedAt: number | null;
  endedAt: number | null;
}

// DescribeSessions' largest page (ssm-api.md §4.5); History is capped so a busy account cannot stall the view.
const DESCRIBE_PAGE = 200;
const DESCRIBE_MAX_PAGES = 10;

function where(clients: SessionClients, operation: string, service = 'ssm'): { service: string; operation: string; endpoint?: string } {
  return { service, operation, ...(clients.endpoint ? { endpoint: clients.endpoint } : {}) };
}

/** SSM StartSession for a plain shell (no DocumentName: the account's Session Manager preferences). */
export async function startSsmSession(clients: SessionClients, instanceId: string): Promise<StartedSession> {
  let out;
  try {
    out = await clients.ssm.send(new StartSessionCommand({ Target: instanceId }));
  } catch (error) {
    throw toAwsError(error, where(clients, 'StartSession'));
  }
  if (!out.SessionId || !out.StreamUrl || out.TokenValue === undefined) {
    // Deliberately no field values in the message: the answer may hold a token.
    throw new AwsError({ service: 'ssm', operation: 'StartSession', awsCode: 'IncompleteResponse', message: 'StartSession answered without a session id, token or stream URL.' });
  }
  return { sessionId: out.SessionId, tokenValue: out.TokenValue, streamUrl: out.StreamUrl };
}

/** SSM ResumeSession: a rotated token and, when the service gives one, a new stream URL. */
export async function resumeSsmSession(clients: SessionClients, sessionId: string): Promise<{ streamUrl?: string; tokenValue: string }> {
  let out;
  try {
    out = await clients.ssm.send(new ResumeSessionCommand({ SessionId: sessionId }));
  } catch (error) {
    throw toAwsError(error, where(clients, 'ResumeSession'));
  }
  if (out.TokenValue === undefined) {
    throw new AwsError({ service: 'ssm', operation: 'ResumeSession', awsCode: 'IncompleteResponse', message: 'ResumeSession answered without a token.' });
  }
  return { tokenValue: out.TokenValue, ...(out.StreamUrl ? { streamUrl: out.StreamUrl } : {}) };
}

/** SSM TerminateSession; "not in a valid state" (already ended) counts as done (session-protocol.md §11.4). */
export async function terminateSsmSession(clients: SessionClients, sessionId: string): Promise<void> {
  try {
    await clients.ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationException' && /not in a valid state/i.test(e.message ?? '')) return;
    throw toAwsError(error, where(clients, 'TerminateSession'));
  }
}

/** KMS GenerateDataKey with the 64 bytes the KMSEncryption action needs (§8.2). */
export async function generateSessionDataKey(
  clients: SessionClients,
  input: { keyId: string; encryptionContext: Record<string, string> },
): Promise<{ plaintext: Uint8Array; ciphertextBlob: Uint8Array }> {
  let out;
  try {
    out = await clients.kms.send(new GenerateDataKeyCommand({ KeyId: input.keyId, NumberOfBytes: 64, EncryptionContext: input.encryptionContext }));
  } catch (error) {
    throw toAwsError(error, where(clients, 'GenerateDataKey', 'kms'));
  }
  if (!out.Plaintext || !out.CiphertextBlob) {
    throw new AwsError({ service: 'kms', operation: 'GenerateDataKey', awsCode: 'IncompleteResponse', message: 'GenerateDataKey answered without a key.' });
  }
  return { plaintext: out.Plaintext, ciphertextBlob: out.CiphertextBlob };
}

/** Every session of one state, paged (History capped at DESCRIBE_MAX_PAGES pages, newest first as AWS sends them). */
export async function describeSsmSessions(
  clients: SessionClients,
  state: 'Active' | 'History',
  filters: Array<{ key: 'SessionId' | 'Target' | 'Owner'; value: string }> = [],
): Promise<AwsSession[]> {
  const out: AwsSession[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < DESCRIBE_MAX_PAGES; page += 1) {
    let answer;
    try {
      answer = await clients.ssm.send(
        new DescribeSessionsCommand({
          State: state,
          MaxResults: DESCRIBE_PAGE,
          ...(filters.length ? { Filters: filters } : {}),
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
    } catch (error) {
      throw toAwsError(error, where(clients, 'DescribeSessions'));
    }
    for (const s of answer.Sessions ?? []) {
      if (!s.SessionId) continue;
      out.push({
        sessionId: s.SessionId,
        target: s.Target ?? '',
        status: s.Status ?? '',
        owner: s.Owner ?? '',
        startedAt: s.StartDate ? s.StartDate.getTime() : null,
        endedAt: s.EndDate ? s.EndDate.getTime() : null,
      });
    }
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  return out;
}
