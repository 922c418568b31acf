import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-controls';
import type { FaultControls } from './fault-controls';
import type { AutomationTimings } from './automation/automation-types';
import type { CommandEngineOptions } from './commands/command-engine';
import type { WireAnswer, WireRequest } from './http-wire';
import { IdentityService } from './identity/identity-service';
import type { IdentityControls } from './identity/identity-service';
import { resolveAccounts } from './identity/training-accounts';
import type { SimulatorCredentials, TrainingAccount, TrainingAccountSpec } from './identity/training-accounts';
import type { PartitionView } from './partition';
import { PartitionSet, defaultPartitionNodes } from './partition-set';
import { DATA_CHANNEL_PATH } from './sessions/data-channel-server';
import type { SessionHubOptions } from './sessions/session-hub';
import { answerJson } from './ssm-front';
import { awsError } from './wire-errors';

/**
 * The training fleet's endpoint on 127.0.0.1 only (ssm-api.md §1): SSM and KMS (AWS JSON 1.1),
 * STS (query), IAM Identity Center OIDC and portal (restJson) and its sign-in page, plus the
 * Session Manager data channels. Signed requests must carry a key of one of the training
 * accounts; the key's account and the signature's region pick the partition (its own fleet,
 * documents, parameters, commands, sessions and KMS) that answers.
 */

export type { SimulatorCredentials } from './identity/training-accounts';
export type { PartitionView } from './partition';
export type { IdentityControls } from './identity/identity-service';

/** Access key id of the training fleet unless the caller picks one. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIACAPSTANTRAINING1';
/** Region the simulator reports unless told otherwise. */
export const DEFAULT_REGION = 'eu-west-1';
/** Account that owns the training fleet unless told otherwise. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** How to start a simulator. */
export interface SimulatorOptions {
  /** Fleet size of the primary partition, 10..100,000. */
  nodes: number;
  /** Fleet seed (default 1): same seed, same nodes. */
  seed?: number;
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Account of the primary partition (default: the first account). */
  accountId?: string;
  /** Region of the primary partition. */
  region?: string;
  /** The first account's key. Default: DEFAULT_ACCESS_KEY_ID with a fresh random secret per start. */
  credentials?: SimulatorCredentials;
  /** Accounts served (default: TRAINING_ACCOUNTS with fresh secrets); the first keeps `credentials` when given. */
  accounts?: ReadonlyArray<TrainingAccountSpec>;
  /** Fleet size of every partition other than the primary (default max(10, round(nodes / 5))). */
  partitionNodes?: number;
  /** Server clock, epoch milliseconds (default Date.now); drives signature and credential expiry and timestamps. */
  now?: () => number;
  /** Session Manager side: timings (shorten them in tests), sandbox folder, nodes demanding KMS. */
  sessions?: SessionHubOptions;
  /** Run Command side: invocation lag, timeout scale, host process limit (shorten in tests). */
  commands?: CommandEngineOptions;
  /** Automation side: how long simulated instance stops and starts take (shorten in tests). */
  automation?: AutomationTimings;
}

/** One request the simulator answered. */
export interface RecordedCall {
  /**
   * SSM: the X-Amz-Target operation without `AmazonSSM.`; KMS keeps `TrentService.`; '' when
   * absent. STS, OIDC and the portal: `sts:AssumeRole`, `sso-oidc:CreateToken`, `sso:GetRoleCredentials`…
   */
  readonly operation: string;
  /** Region of the request's credential scope, when the signature was readable. */
  readonly region: string | undefined;
  readonly status: number;
  /** AWS error code, when the call failed. */
  readonly errorCode: string | undefined;
  readonly requestId: string;
}

/** Counts of calls, for API-budget assertions (e.g. ceil(N/50) pages per refresh). */
export interface CallLog {
  /** Requests received, for one operation or in total — throttled and failed ones included. */
  count(operation?: string): number;
  /** Every request received since start or the last reset, oldest first. */
  list(): ReadonlyArray<RecordedCall>;
  reset(): void;
}

/** A started simulator; the PartitionView members refer to the primary partition. */
export interface RunningSimulator extends PartitionView {
  /** `http://127.0.0.1:PORT` — pass as `endpoint` (SDK) or `--endpoint-url` (CLI). */
  readonly endpoint: string;
  readonly port: number;
  /** The primary partition's account's long-term key. */
  readonly credentials: SimulatorCredentials;
  /** Every account served, with its long-term key. */
  readonly accounts: ReadonlyArray<TrainingAccount>;
  readonly faults: FaultControls;
  readonly calls: CallLog;
  /** MFA codes, device-authorization approval, token revocation and credential expiry. */
  readonly identity: IdentityControls;
  /** The partition of `accountId` in `region` (created if no request has reached it yet). */
  partition(accountId: string, region: string): PartitionView;
  /** Stops listening, drops open connections and data channels, and ends every session's shell. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a simulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const region = options.region ?? DEFAULT_REGION;
  const accounts = resolveAccounts(options.accounts, options.accountId ?? (options.accounts ? undefined : DEFAULT_ACCOUNT_ID), options.credentials);
  const primary = accounts.find((a) => a.accountId === (options.accountId ?? accounts[0]?.accountId)) ?? accounts[0];
  if (!primary) throw new RangeError('The training fleet needs at least one account.');
  let listeningPort = 0;
  const endpoint = (): string => `http://127.0.0.1:${listeningPort}`;
  const partitions = new PartitionSet({
    primary: { accountId: primary.accountId, region },
    nodes: options.nodes,
    partitionNodes: options.partitionNodes ?? defaultPartitionNodes(options.nodes),
    seed: options.seed ?? 1,
    defaults: {
      now,
      host: () => `127.0.0.1:${listeningPort}`,
      sessions: options.sessions,
      commands: options.commands,
      automation: options.automation,
    },
  });
  const identity = new IdentityService({ accounts, now, endpoint });
  const faults = new FaultInjector();
  const log: RecordedCall[] = [];
  const delays = new Set<() => void>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only reached if writing the response itself failed (client gone); nothing left to answer.
      res.destroy(error instanceof Error ? error : undefined);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let body: Buffer = Buffer.alloc(0);
    let bodyError: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      bodyError = error;
    }
    const request: WireRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers, body, requestId };
    // An oversized body is answered by the JSON front, whose error shape clients of this endpoint know best.
    const answer: WireAnswer =
      (bodyError === undefined ? await identity.answer(request) : undefined) ??
      (await answerJson(request, { credentials: identity.credentials, partitions, faults, now }, bodyError));
    log.push({ operation: answer.operation, region: answer.region, status: answer.status, errorCode: answer.errorCode, requestId });
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    res.writeHead(answer.status, {
      ...answer.headers,
      'Content-Length': Buffer.byteLength(answer.body),
      'x-amzn-RequestId': requestId,
      // The SDK corrects clock skew from this header, so it must follow the simulator's clock.
      Date: new Date(now()).toUTCString(),
    });
    res.end(answer.body);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        delays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      delays.add(finish);
    });
  }

  // A StreamUrl names its session; the partition whose Session Manager started it takes the socket.
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let sessionId = '';
    try {
      sessionId = path.startsWith(DATA_CHANNEL_PATH) ? decodeURIComponent(path.slice(DATA_CHANNEL_PATH.length)) : '';
    } catch {
      // A malformed escape: the primary hub refuses it like any other unknown StreamUrl.
    }
    (partitions.owningSession(sessionId) ?? partitions.primary).hub.handleUpgrade(req, socket, head);
  });

  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const port = await listen(server, options.port ?? 0);
  listeningPort = port;
  let closing: Promise<void> | undefined;
  const view = partitions.primary.view;

  return {
    endpoint: endpoint(),
    port,
    region,
    accountId: primary.accountId,
    credentials: primary.credentials,
    accounts,
    get nodes() {
      return view.nodes;
    },
    faults,
    sessions: view.sessions,
    kms: view.kms,
    commands: view.commands,
    parameters: view.parameters,
    automation: view.automation,
    identity: identity.controls,
    partition: (accountId, partitionRegion) => {
      if (!accounts.some((a) => a.accountId === accountId)) {
        throw new RangeError(`Account ${accountId} is not one of the training fleet's (${accounts.map((a) => a.accountId).join(', ')}).`);
      }
      return partitions.get(accountId, partitionRegion).view;
    },
    calls: {
      count: (op) => (op === undefined ? log.length : log.filter((c) => c.operation === op).length),
      list: () => [...log],
      reset: () => {
        log.length = 0;
      },
    },
    setNodePing: view.setNodePing,
    setNodeTags: view.setNodeTags,
    removeNode: view.removeNode,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const finish of [...delays]) finish();
        // Kills every Run Command script still running on the host and ends every shell.
        const stopped = partitions.close();
        server.close((error) => (error ? reject(error) : stopped.then(resolve, reject)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the training fleet must never be reachable from the network.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(awsError('SerializationException', `Request body larger than ${MAX_BODY_BYTES} bytes.`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
