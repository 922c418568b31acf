import type { SimDocument } from '../documents/document-catalog';
import { requestScope } from '../page-token';
import { ConstraintViolations, isJsonObject, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { SimulatedAwsError, awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * StartAutomationExecution (ssm-api.md §4.6) for the training account's runbooks. Parameters are
 * checked as the service does (missing ones with its exact wording, undeclared ones refused);
 * a ClientToken makes the call idempotent. Rate-controlled (Targets/TargetMaps) and Interactive
 * executions are not simulated and are refused with a message saying so.
 */

const NAME_PATTERN = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const VERSION_PATTERN = /([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)/;
const TOKEN_PATTERN = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
/** The runbooks whose steps the engine knows how to run. */
const RUNNABLE = new Set(['AWS-RestartEC2Instance']);

/** Handles AmazonSSM.StartAutomationExecution. */
export function startAutomationExecution(input: JsonObject, context: OperationContext): object {
  const documentName = readString(input, 'DocumentName');
  const documentVersion = readString(input, 'DocumentVersion');
  const clientToken = readString(input, 'ClientToken');
  const mode = readString(input, 'Mode');
  const parameters = readParameters(input);
  const targets = readStructList(input, 'Targets');
  const targetMaps = input['TargetMaps'];
  const v = new ConstraintViolations();
  if (v.required('documentName', documentName)) v.pattern('documentName', documentName, NAME_PATTERN, '^[a-zA-Z0-9_\\-.:/]{3,128}$');
  v.pattern('documentVersion', documentVersion, VERSION_PATTERN, '([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)');
  v.length('clientToken', clientToken, 36, 36);
  v.pattern('clientToken', clientToken, TOKEN_PATTERN, '[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}');
  v.oneOf('mode', mode, ['Auto', 'Interactive']);
  if (parameters !== undefined) {
    v.length('parameters', Object.keys(parameters), 1, 200);
    for (const [name, values] of Object.entries(parameters)) {
      v.length('parameters.key', name, 1, 50);
      v.length(`parameters.${name}`, values, 0, 50);
      for (const value of values) v.length(`parameters.${name}.member`, value, 1, 512);
    }
  }
  v.length('targets', targets, 0, 5);
  v.throwIfAny();
  if ((targets !== undefined && targets.length > 0) || targetMaps !== undefined) {
    throw awsError('ValidationException', 'The training fleet runs automations on the nodes named in Parameters only; rate-controlled executions (Targets, TargetMaps) are not simulated.');
  }
  if (mode === 'Interactive') {
    throw awsError('ValidationException', 'The training fleet runs automations in Auto mode only; Interactive mode is not simulated.');
  }

  const document = runbookNamed(documentName ?? '', documentVersion, context);
  const resolved = checkedParameters(document, parameters ?? {}, context);
  const request = {
    documentName: document.name,
    documentVersion: document.latestVersion,
    parameters: resolved,
    executedBy: `arn:aws:iam::${context.accountId}:user/training-operator`,
  };
  const execution =
    clientToken === undefined
      ? context.automation.start(request)
      : context.automation.startOnce(clientToken.toLowerCase(), requestScope({ documentName, documentVersion, parameters, mode }), request);
  return { AutomationExecutionId: execution.id };
}

function readParameters(input: JsonObject): Record<string, string[]> | undefined {
  const value = input['Parameters'];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw awsError('SerializationException', "Cannot deserialize member 'Parameters': expected a map.");
  const parameters: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(value)) {
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw awsError('SerializationException', "Cannot deserialize member 'Parameters': expected a map of string lists.");
    }
    parameters[name] = list as string[];
  }
  return parameters;
}

function runbookNamed(name: string, version: string | undefined, context: OperationContext): SimDocument {
  let document: SimDocument | undefined;
  try {
    document = context.documents.find(name, version);
  } catch (error) {
    if (error instanceof SimulatedAwsError && error.code === 'InvalidDocumentVersion') {
      throw awsError('AutomationDefinitionVersionNotFoundException', `Document ${name} has no version ${version ?? ''}.`);
    }
    throw error;
  }
  if (document === undefined || document.documentType !== 'Automation') {
    throw awsError('AutomationDefinitionNotFoundException', `No Automation runbook named ${name} exists in the training account.`);
  }
  if (!RUNNABLE.has(document.name)) {
    throw awsError('AutomationDefinitionNotFoundException', `The training fleet cannot run ${document.name}; it runs ${[...RUNNABLE].join(', ')}.`);
  }
  return document;
}

function checkedParameters(document: SimDocument, given: Readonly<Record<string, string[]>>, context: OperationContext): Record<string, string[]> {
  for (const [name, declaration] of Object.entries(document.parameters)) {
    if (declaration.default === undefined && (given[name] === undefined || given[name].length === 0)) {
      throw awsError('InvalidAutomationExecutionParametersException', `Missing required parameter: ${name} in user inputs.`);
    }
  }
  try {
    return context.documents.resolveParameters(document, given);
  } catch (error) {
    if (error instanceof SimulatedAwsError) throw error;
    throw awsError('InvalidAutomationExecutionParametersException', error instanceof Error ? error.message : String(error));
  }
}
