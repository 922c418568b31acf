import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-controls';
import type { FaultControls } from './fault-controls';
import { FleetState } from './fleet-state';
import { generateFleet } from './fleet-generator';
import type { PingStatus, SimulatedNode, SimulatedTag } from './fleet-generator';
import { describeInstanceInformation } from './ops/describe-instance-information-op';
import { getInventory } from './ops/get-inventory-op';
import { getInventorySchema } from './ops/get-inventory-schema-op';
import { listInventoryEntries } from './ops/list-inventory-entries-op';
import { listTagsForResource } from './ops/list-tags-for-resource-op';
import { describeSessions } from './ops/describe-sessions-op';
import { DocumentCatalog } from './documents/document-catalog';
import { ParameterStore } from './parameters/parameter-store';
import { AutomationEngine } from './automation/automation-engine';
import type { AutomationTimings } from './automation/automation-types';
import { listDocuments } from './ops/list-documents-op';
import { describeDocument } from './ops/describe-document-op';
import { getDocument } from './ops/get-document-op';
import { getParameter } from './ops/get-parameter-op';
import { getParametersByPath } from './ops/get-parameters-by-path-op';
import { putParameter } from './ops/put-parameter-op';
import { startAutomationExecution } from './ops/start-automation-execution-op';
import { getAutomationExecution } from './ops/get-automation-execution-op';
import { stopAutomationExecution } from './ops/stop-automation-execution-op';
import { resumeSession } from './ops/resume-session-op';
import { startSession } from './ops/start-session-op';
import { terminateSession } from './ops/terminate-session-op';
import { sendCommand } from './ops/send-command-op';
import { listCommands } from './ops/list-commands-op';
import { listCommandInvocations } from './ops/list-command-invocations-op';
import { getCommandInvocation } from './ops/get-command-invocation-op';
import { cancelCommand } from './ops/cancel-command-op';
import { CommandEngine } from './commands/command-engine';
import type { CommandEngineOptions } from './commands/command-engine';
import { SimulatedKms } from './kms/kms-service';
import type { SimulatedKmsKey } from './kms/kms-service';
import { SessionHub } from './sessions/session-hub';
import type { SessionHubOptions } from './sessions/session-hub';
import type { SessionOperationHandler } from './sessions/session-backend';
import type { SessionControls } from './sessions/session-controls';
import type { OperationContext, OperationHandler } from './ops/operation-types';
import { PageTokenCodec } from './page-token';
import { isJsonObject } from './request-validation';
import type { JsonObject } from './request-validation';
import { verifySigV4 } from './sigv4-verify';
import { SimulatedAwsError, awsError } from './wire-errors';

/**
 * The training fleet's SSM endpoint: AWS JSON 1.1 over node:http on 127.0.0.1 only
 * (ssm-api.md §1). Every request must be SigV4-signed with the training key; answers, errors
 * and timestamps are shaped so that @aws-sdk/client-ssm and the AWS CLI parse them as AWS's.
 */

/** Access key id of the training fleet unless the caller picks one. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIACAPSTANTRAINING1';
/** Region the simulator reports unless told otherwise. */
export const DEFAULT_REGION = 'eu-west-1';
/** Account that owns the training fleet unless told otherwise. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** Long-term credentials that sign requests to the simulator. */
export interface SimulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** How to start a simulator. */
export interface SimulatorOptions {
  /** Fleet size, 10..100,000. */
  nodes: number;
  /** Fleet seed (default 1): same seed, same nodes. */
  seed?: number;
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  accountId?: string;
  region?: string;
  /** Default: DEFAULT_ACCESS_KEY_ID with a fresh random secret per start. */
  credentials?: SimulatorCredentials;
  /** Server clock, epoch milliseconds (default Date.now); drives signature expiry and timestamps. */
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
  /** Operation named by X-Amz-Target (without `AmazonSSM.`; KMS calls keep `TrentService.`), or '' when absent. */
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

/** A started simulator. */
export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` — pass as `endpoint` (SDK) or `--endpoint-url` (CLI). */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly credentials: SimulatorCredentials;
  /** The live fleet in listing order (reflects removals and ping changes). */
  readonly nodes: ReadonlyArray<SimulatedNode>;
  readonly faults: FaultControls;
  /** Data-channel fault injection and the agent side's record of what it received (session-controls.ts). */
  readonly sessions: SessionControls;
  /** The training account's KMS: the key sessions are encrypted with, and a way to add keys. */
  readonly kms: { readonly sessionKey: SimulatedKmsKey; createKey(aliases?: ReadonlyArray<string>): SimulatedKmsKey };
  readonly calls: CallLog;
  /** Run Command: every command sent, its invocations, and the order nodes were handed them. */
  readonly commands: CommandEngine;
  /** The account's Parameter Store (seeded with CloudWatch agent configurations). */
  readonly parameters: ParameterStore;
  /** Automation executions, with a change listener tests wait on. */
  readonly automation: AutomationEngine;
  /** Sets a node's PingStatus (going Online stamps LastPingDateTime with now). Throws for unknown ids. */
  setNodePing(instanceId: string, status: PingStatus): void;
  /** Replaces a node's tags (seen by tag filters, ListTagsForResource and AWS:Tag inventory). */
  setNodeTags(instanceId: string, tags: ReadonlyArray<SimulatedTag>): void;
  /** Deregisters a node: it vanishes from every answer. Throws for unknown ids. */
  removeNode(instanceId: string): void;
  /** Stops listening, drops open connections and data channels, and ends every session's shell. */
  close(): Promise<void>;
}

const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map([
  ['DescribeInstanceInformation', describeInstanceInformation],
  ['ListTagsForResource', listTagsForResource],
  ['GetInventory', getInventory],
  ['ListInventoryEntries', listInventoryEntries],
  ['GetInventorySchema', getInventorySchema],
  ['SendCommand', sendCommand],
  ['ListCommands', listCommands],
  ['ListCommandInvocations', listCommandInvocations],
  ['GetCommandInvocation', getCommandInvocation],
  ['CancelCommand', cancelCommand],
  ['ListDocuments', listDocuments],
  ['DescribeDocument', describeDocument],
  ['GetDocument', getDocument],
  ['GetParameter', getParameter],
  ['GetParametersByPath', getParametersByPath],
  ['PutParameter', putParameter],
  ['StartAutomationExecution', startAutomationExecution],
  ['GetAutomationExecution', getAutomationExecution],
  ['StopAutomationExecution', stopAutomationExecution],
]);

const SESSION_OPERATIONS: ReadonlyMap<string, SessionOperationHandler> = new Map([
  ['StartSession', startSession],
  ['ResumeSession', resumeSession],
  ['TerminateSession', terminateSession],
  ['DescribeSessions', describeSessions],
]);

const TARGET_PREFIX = 'AmazonSSM.';
const KMS_PREFIX = 'TrentService.';
/** Caller the training credentials stand for: the Owner of every session. */
const TRAINING_OPERATOR = 'training-operator';
const MAX_BODY_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Starts a simulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const credentials: SimulatorCredentials = options.credentials ?? {
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    // 40 characters of base64, like a real secret access key.
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const fleet = new FleetState(
    generateFleet({ nodes: options.nodes, seed: options.seed ?? 1, accountId, region, now: now() }),
  );
  const faults = new FaultInjector();
  const tokens = new PageTokenCodec();
  const log: RecordedCall[] = [];
  const delays = new Set<() => void>();
  const kms = new SimulatedKms({ accountId, region });
  const documents = new DocumentCatalog({ accountId, now: now() });
  const parameters = new ParameterStore({ accountId, region, now });
  const automation = new AutomationEngine({ fleet, now, timings: options.automation });
  const commands = new CommandEngine(
    { fleet, documents, parameter: (name) => parameters.referenceValue(name), now },
    { sandboxRoot: options.sessions?.sandboxRoot, ...options.commands },
  );
  let listeningPort = 0;
  const sessions = new SessionHub(
    {
      fleet,
      kms,
      now,
      ownerArn: `arn:aws:iam::${accountId}:user/${TRAINING_OPERATOR}`,
      ownerName: TRAINING_OPERATOR,
      host: () => `127.0.0.1:${listeningPort}`,
    },
    options.sessions ?? {},
  );
  const kmsOperations: ReadonlyMap<string, (input: JsonObject) => object> = new Map([
    ['GenerateDataKey', (input: JsonObject) => kms.generateDataKey(input)],
    ['Decrypt', (input: JsonObject) => kms.decryptOperation(input)],
  ]);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only reached if writing the response itself failed (client gone); nothing left to answer.
      res.destroy(error instanceof Error ? error : undefined);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const target = headerValue(req, 'x-amz-target');
    const isKms = target?.startsWith(KMS_PREFIX) === true;
    const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : (target ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let region: string | undefined;
    let status = 200;
    let errorCode: string | undefined;
    let payload: object;
    try {
      const body = await readBody(req);
      const identity = await verifySigV4(
        { method: req.method ?? 'GET', path: url.pathname, query: queryOf(url), headers: req.headers, body },
        {
          lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
          // KMS calls are signed for `kms`, everything else for `ssm`, as on AWS's separate endpoints.
          service: isKms ? 'kms' : 'ssm',
          now: now(),
        },
      );
      region = identity.region;
      const kmsHandler = isKms ? kmsOperations.get(operation.slice(KMS_PREFIX.length)) : undefined;
      const sessionHandler = SESSION_OPERATIONS.get(operation);
      const handler = OPERATIONS.get(operation);
      const known = isKms ? kmsHandler !== undefined : target?.startsWith(TARGET_PREFIX) === true && (handler ?? sessionHandler) !== undefined;
      if (req.method !== 'POST' || url.pathname !== '/' || !known) {
        throw awsError('UnknownOperationException', `The training fleet does not serve operation ${target ?? '(none)'}.`);
      }
      const fault = faults.take(operation);
      if (fault === 'throttle') throw awsError('ThrottlingException', 'Rate exceeded');
      if (fault === 'fail') throw awsError('InternalServerError', 'An internal error occurred (injected by the training fleet).');
      const context: OperationContext = { fleet, tokens, accountId, region, now: now(), documents, parameters, commands, automation };
      if (kmsHandler) payload = kmsHandler(parseInput(body));
      else if (sessionHandler) payload = sessionHandler(parseInput(body), context, sessions);
      else if (handler) payload = handler(parseInput(body), context);
      else throw awsError('UnknownOperationException', `The training fleet does not serve operation ${target ?? '(none)'}.`);
    } catch (error) {
      const awsFailure =
        error instanceof SimulatedAwsError
          ? error
          : awsError('InternalServerError', `Training fleet simulator failure: ${error instanceof Error ? error.message : String(error)}`);
      status = awsFailure.status;
      errorCode = awsFailure.code;
      payload = awsFailure.toBody();
    }
    log.push({ operation, region, status, errorCode, requestId });
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'Content-Type': JSON_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': requestId,
      // The SDK corrects clock skew from this header, so it must follow the simulator's clock.
      Date: new Date(now()).toUTCString(),
    });
    res.end(text);
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

  server.on('upgrade', (req, socket, head) => sessions.handleUpgrade(req, socket, head));

  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const port = await listen(server, options.port ?? 0);
  listeningPort = port;
  let closing: Promise<void> | undefined;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    region,
    accountId,
    credentials,
    get nodes() {
      return fleet.nodes;
    },
    faults,
    sessions: sessions.controls,
    kms: { sessionKey: kms.sessionKey, createKey: (aliases) => kms.createKey(aliases) },
    commands,
    parameters,
    automation,
    calls: {
      count: (op) => (op === undefined ? log.length : log.filter((c) => c.operation === op).length),
      list: () => [...log],
      reset: () => {
        log.length = 0;
      },
    },
    setNodePing: (instanceId, status) => fleet.setPingStatus(instanceId, status, now()),
    setNodeTags: (instanceId, tags) => fleet.setTags(instanceId, tags),
    removeNode: (instanceId) => fleet.remove(instanceId),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const finish of [...delays]) finish();
        // Kills every Run Command script still running on the host.
        commands.close();
        automation.close();
        const stopped = sessions.close();
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

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return query;
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

function parseInput(body: Buffer): JsonObject {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw awsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (!isJsonObject(value)) throw awsError('SerializationException', 'The request body must be a JSON object.');
  return value;
}
