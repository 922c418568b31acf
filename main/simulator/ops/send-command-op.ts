import { SimParameterError } from '../documents/document-catalog';
import type { SimDocument } from '../documents/document-catalog';
import { MAX_CONCURRENCY_PATTERN, MAX_ERRORS_PATTERN } from '../commands/rate-controls';
import { INSTANCE_ID_PATTERN, resolveInstanceIds, resolveTargets } from '../commands/target-resolution';
import { commandToWire } from '../commands/command-wire';
import type { CommandEngine } from '../commands/command-engine';
import { ConstraintViolations, isJsonObject, readInteger, readString, readStringList, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * SendCommand (ssm-api.md §4.3, §5.1): model constraints first (Coral ValidationException),
 * then the document, its parameters, and the targets, in the order the service reports them.
 * The answer echoes the request as a Pending Command with the real service's padding.
 */

const DOCUMENT_NAME = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const DOCUMENT_VERSION = /([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)/;
const DEFAULT_TIMEOUT_SECONDS = 3600;

/** Handles AmazonSSM.SendCommand. */
export function sendCommand(input: JsonObject, context: OperationContext): object {
  const request = readRequest(input);
  const engine = context.commands;
  const document = findDocument(engine, request.documentName, request.documentVersion);
  let resolvedParameters: Record<string, string[]>;
  let steps;
  try {
    resolvedParameters = engine.documents.resolveParameters(document, request.parameters);
    steps = engine.documents.renderSteps(document, resolvedParameters, engine.parameter);
  } catch (error) {
    if (error instanceof SimParameterError) throw awsError('InvalidParameters', error.message);
    throw error;
  }
  const resolved =
    request.instanceIds.length > 0
      ? resolveInstanceIds(request.instanceIds, context.fleet, context.accountId)
      : resolveTargets(request.targets, context.fleet);
  if (request.instanceIds.length > 0) {
    const foreign = resolved.filter((t) => t.node && !document.platformTypes.includes(t.node.info.PlatformType));
    if (foreign.length > 0) {
      throw awsError(
        'UnsupportedPlatformType',
        `Document ${document.name} supports ${document.platformTypes.join(', ')} only; ${foreign.map((t) => `${t.instanceId} is ${t.node?.info.PlatformType}`).join(', ')}.`,
      );
    }
  }
  const record = engine.send({
    document,
    documentVersion: request.documentVersion ?? '',
    parameters: request.parameters,
    steps,
    instanceIds: request.instanceIds,
    targets: request.targets,
    resolved,
    comment: request.comment,
    timeoutSeconds: request.timeoutSeconds,
    maxConcurrency: request.maxConcurrency,
    maxErrors: request.maxErrors,
    region: context.region,
    serviceRole: request.serviceRole,
    outputS3BucketName: request.outputS3BucketName,
    outputS3KeyPrefix: request.outputS3KeyPrefix,
    notificationConfig: request.notificationConfig,
    cloudWatchOutputConfig: request.cloudWatchOutputConfig,
  });
  // The answer is the request echoed before anything was delivered (§4.3).
  return { Command: { ...commandToWire(record, { status: 'Pending', details: 'Pending' }), CompletedCount: 0, ErrorCount: 0, DeliveryTimedOutCount: 0 } };
}

function findDocument(engine: CommandEngine, name: string, version: string | undefined): SimDocument {
  const document = engine.documents.find(name, version);
  if (document === undefined) throw awsError('InvalidDocument', `Document ${name} does not exist in the training account, or is not shared with it.`);
  if (document.documentType !== 'Command') {
    throw awsError('InvalidDocument', `Document ${document.name} is an ${document.documentType} document; SendCommand runs Command documents only.`);
  }
  return document;
}

interface SendCommandInput {
  readonly documentName: string;
  readonly documentVersion: string | undefined;
  readonly instanceIds: string[];
  readonly targets: Array<{ Key: string; Values: string[] }>;
  readonly parameters: Record<string, string[]>;
  readonly comment: string;
  readonly timeoutSeconds: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly serviceRole: string;
  readonly outputS3BucketName: string;
  readonly outputS3KeyPrefix: string;
  readonly notificationConfig: object;
  readonly cloudWatchOutputConfig: object;
}

function readRequest(input: JsonObject): SendCommandInput {
  const documentName = readString(input, 'DocumentName');
  const documentVersion = readString(input, 'DocumentVersion');
  const instanceIds = readStringList(input, 'InstanceIds');
  const rawTargets = readStructList(input, 'Targets');
  const timeoutSeconds = readInteger(input, 'TimeoutSeconds');
  const comment = readString(input, 'Comment');
  const maxConcurrency = readString(input, 'MaxConcurrency');
  const maxErrors = readString(input, 'MaxErrors');
  const bucket = readString(input, 'OutputS3BucketName');
  const prefix = readString(input, 'OutputS3KeyPrefix');
  const v = new ConstraintViolations();
  if (v.required('documentName', documentName)) v.pattern('documentName', documentName, DOCUMENT_NAME, '^[a-zA-Z0-9_\\-.:/]{3,128}$');
  v.pattern('documentVersion', documentVersion, DOCUMENT_VERSION, '([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)');
  v.length('instanceIds', instanceIds, 0, 50);
  (instanceIds ?? []).forEach((id, i) => v.pattern(`instanceIds.${i + 1}.member`, id, INSTANCE_ID_PATTERN, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)'));
  v.length('targets', rawTargets, 0, 5);
  v.range('timeoutSeconds', timeoutSeconds, 30, 2_592_000);
  v.length('comment', comment, 0, 100);
  v.length('maxConcurrency', maxConcurrency, 1, 7);
  v.pattern('maxConcurrency', maxConcurrency, MAX_CONCURRENCY_PATTERN, '^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$');
  v.length('maxErrors', maxErrors, 1, 7);
  v.pattern('maxErrors', maxErrors, MAX_ERRORS_PATTERN, '^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$');
  v.length('outputS3BucketName', bucket, 3, 63);
  v.length('outputS3KeyPrefix', prefix, 0, 500);
  const targets = (rawTargets ?? []).map((t, i) => {
    const key = readString(t, 'Key');
    const values = readStringList(t, 'Values') ?? [];
    if (v.required(`targets.${i + 1}.member.key`, key)) v.length(`targets.${i + 1}.member.key`, key, 1, 163);
    v.length(`targets.${i + 1}.member.values`, values, 0, 50);
    return { Key: key ?? '', Values: values };
  });
  v.throwIfAny();
  const ids = instanceIds ?? [];
  // Exactly one targeting mode; AWS does not document the error, so it is a plain ValidationException.
  if (ids.length > 0 && targets.length > 0) throw awsError('ValidationException', 'Specify either InstanceIds or Targets, not both.');
  if (ids.length === 0 && targets.length === 0) throw awsError('ValidationException', 'Specify the nodes to run on: InstanceIds (up to 50) or Targets (up to 5).');
  return {
    documentName: documentName ?? '',
    documentVersion,
    instanceIds: ids,
    targets,
    parameters: readParameters(input),
    comment: comment ?? '',
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    maxConcurrency: maxConcurrency ?? '50',
    maxErrors: maxErrors ?? '0',
    serviceRole: readString(input, 'ServiceRoleArn') ?? '',
    outputS3BucketName: bucket ?? '',
    outputS3KeyPrefix: prefix ?? '',
    notificationConfig: shell(input.NotificationConfig, { NotificationArn: '', NotificationEvents: [], NotificationType: '' }),
    cloudWatchOutputConfig: shell(input.CloudWatchOutputConfig, { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false }),
  };
}

/** Parameters: map<string, list<string>>; anything else cannot be decoded. */
function readParameters(input: JsonObject): Record<string, string[]> {
  const raw = input.Parameters;
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw)) throw awsError('SerializationException', "Cannot deserialize member 'Parameters': expected a map of string lists.");
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(raw)) {
    if (!Array.isArray(values) || !values.every((x): x is string => typeof x === 'string')) {
      throw awsError('SerializationException', `Cannot deserialize member 'Parameters.${name}': expected a list of strings.`);
    }
    out[name] = values;
  }
  return out;
}

/** An echoed sub-object: what the caller sent over the real service's empty shell. */
function shell(value: unknown, empty: Record<string, unknown>): object {
  return isJsonObject(value) ? { ...empty, ...value } : empty;
}
