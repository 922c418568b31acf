import type { FaultInjector } from './fault-controls';
import { headerValue, queryOf } from './http-wire';
import type { WireAnswer, WireRequest } from './http-wire';
import type { CredentialStore } from './identity/credential-store';
import { describeInstanceInformation } from './ops/describe-instance-information-op';
import { getInventory } from './ops/get-inventory-op';
import { getInventorySchema } from './ops/get-inventory-schema-op';
import { listInventoryEntries } from './ops/list-inventory-entries-op';
import { listTagsForResource } from './ops/list-tags-for-resource-op';
import { describeSessions } from './ops/describe-sessions-op';
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
import type { OperationHandler } from './ops/operation-types';
import type { Partition } from './partition';
import type { PartitionSet } from './partition-set';
import { isJsonObject } from './request-validation';
import type { JsonObject } from './request-validation';
import type { SessionOperationHandler } from './sessions/session-backend';
import { verifySigV4 } from './sigv4-verify';
import { SimulatedAwsError, awsError } from './wire-errors';

/**
 * The SSM and KMS side of the endpoint: AWS JSON 1.1, SigV4-signed for `ssm` or `kms` with a key
 * of one of the training accounts (long-term, or temporary with its session token). The key's
 * account and the scope's region pick the partition that answers.
 */

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

const KMS_OPERATIONS: ReadonlyMap<string, (partition: Partition, input: JsonObject) => object> = new Map([
  ['GenerateDataKey', (partition: Partition, input: JsonObject) => partition.kms.generateDataKey(input)],
  ['Decrypt', (partition: Partition, input: JsonObject) => partition.kms.decryptOperation(input)],
]);

const TARGET_PREFIX = 'AmazonSSM.';
const KMS_PREFIX = 'TrentService.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** What the JSON front needs from the simulator. */
export interface JsonFrontDeps {
  readonly credentials: CredentialStore;
  readonly partitions: PartitionSet;
  readonly faults: FaultInjector;
  readonly now: () => number;
}

/** Answers one SSM or KMS request (errors included) as AWS's JSON endpoints would. */
export async function answerJson(request: WireRequest, deps: JsonFrontDeps, bodyError?: unknown): Promise<WireAnswer> {
  const target = headerValue(request.headers, 'x-amz-target');
  const isKms = target?.startsWith(KMS_PREFIX) === true;
  const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : (target ?? '');
  let region: string | undefined;
  let status = 200;
  let errorCode: string | undefined;
  let payload: object;
  try {
    if (bodyError !== undefined) throw bodyError;
    const { credentials } = deps;
    const identity = await verifySigV4(
      { method: request.method, path: request.url.pathname, query: queryOf(request.url), headers: request.headers, body: request.body },
      {
        lookupSecret: (id) => credentials.longTermSecret(id),
        lookupSessionSecret: (id, token) => credentials.sessionSecret(id, token),
        // KMS calls are signed for `kms`, everything else for `ssm`, as on AWS's separate endpoints.
        service: isKms ? 'kms' : 'ssm',
        now: deps.now(),
      },
    );
    region = identity.region;
    const kmsHandler = isKms ? KMS_OPERATIONS.get(operation.slice(KMS_PREFIX.length)) : undefined;
    const sessionHandler = SESSION_OPERATIONS.get(operation);
    const handler = OPERATIONS.get(operation);
    const known = isKms ? kmsHandler !== undefined : target?.startsWith(TARGET_PREFIX) === true && (handler ?? sessionHandler) !== undefined;
    if (request.method !== 'POST' || request.url.pathname !== '/' || !known) {
      throw awsError('UnknownOperationException', `The training fleet does not serve operation ${target ?? '(none)'}.`);
    }
    const fault = deps.faults.take(operation);
    if (fault === 'throttle') throw awsError('ThrottlingException', 'Rate exceeded');
    if (fault === 'fail') throw awsError('InternalServerError', 'An internal error occurred (injected by the training fleet).');
    const principal = credentials.principalOf(identity.accessKeyId);
    const partition = deps.partitions.get(principal.accountId, region);
    // AWS names a session after its caller: the IAM user name, or the role session name.
    const context = partition.context(region, { arn: principal.arn, name: principal.arn.slice(principal.arn.lastIndexOf('/') + 1) });
    if (kmsHandler) payload = kmsHandler(partition, parseInput(request.body));
    else if (sessionHandler) payload = sessionHandler(parseInput(request.body), context, partition.hub);
    else if (handler) payload = handler(parseInput(request.body), context);
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
  return {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE },
    body: JSON.stringify(payload),
    operation,
    region,
    errorCode,
  };
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
