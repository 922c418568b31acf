/**
 * AWS errors as the simulator puts them on the wire (ssm-api.md §1.3 and §7): HTTP 400 (500 only
 * for InternalServerError), body `{"__type": "<bare name>", "<message member>": "..."}` where the
 * message member's case follows the model, and shapes without a message member carry none.
 */

/** How an error code is written on the wire: which message key, and the HTTP status. */
interface WireShape {
  /** `message`, `Message`, or null when the shape has no message member at all. */
  readonly member: 'message' | 'Message' | null;
  readonly status: number;
}

// One table so a handler can never pick the wrong key case: §7 of ssm-api.md, the KMS shapes the
// training fleet's GenerateDataKey/Decrypt can raise, plus the AWS front-end errors (authentication, routing, JSON decoding), which use lower-case `message`.
const SHAPES = {
  // Front end (not in the SSM model).
  MissingAuthenticationTokenException: { member: 'message', status: 400 },
  UnrecognizedClientException: { member: 'message', status: 400 },
  ExpiredTokenException: { member: 'message', status: 400 },
  InvalidSignatureException: { member: 'message', status: 400 },
  IncompleteSignatureException: { member: 'message', status: 400 },
  UnknownOperationException: { member: 'message', status: 400 },
  SerializationException: { member: 'message', status: 400 },
  // Any operation.
  ThrottlingException: { member: 'Message', status: 400 },
  ValidationException: { member: 'Message', status: 400 },
  AccessDeniedException: { member: 'Message', status: 400 },
  InternalServerError: { member: 'Message', status: 500 },
  // Operations in scope.
  InvalidFilterKey: { member: null, status: 400 },
  InvalidInstanceId: { member: 'Message', status: 400 },
  InvalidInstanceInformationFilterValue: { member: 'message', status: 400 },
  InvalidNextToken: { member: 'Message', status: 400 },
  InvalidResourceId: { member: null, status: 400 },
  InvalidResourceType: { member: null, status: 400 },
  InvalidFilter: { member: 'Message', status: 400 },
  InvalidTypeNameException: { member: 'Message', status: 400 },
  InvalidResultAttributeException: { member: 'Message', status: 400 },
  InvalidAggregatorException: { member: 'Message', status: 400 },
  InvalidInventoryGroupException: { member: 'Message', status: 400 },
  // Session Manager (ssm-api.md §4.5).
  TargetNotConnected: { member: 'Message', status: 400 },
  InvalidDocument: { member: 'Message', status: 400 },
  DoesNotExistException: { member: 'Message', status: 400 },
  // Run Command (ssm-api.md §4.3, §7).
  DuplicateInstanceId: { member: null, status: 400 },
  InvalidCommandId: { member: null, status: 400 },
  InvalidParameters: { member: 'Message', status: 400 },
  UnsupportedPlatformType: { member: 'Message', status: 400 },
  InvalidPluginName: { member: null, status: 400 },
  InvocationDoesNotExist: { member: null, status: 400 },
  // Documents, Parameter Store, Automation (ssm-api.md §4.4, §4.6, §4.9, §7).
  InvalidDocumentVersion: { member: 'Message', status: 400 },
  ParameterNotFound: { member: 'message', status: 400 },
  ParameterVersionNotFound: { member: 'message', status: 400 },
  ParameterAlreadyExists: { member: 'message', status: 400 },
  ParameterPatternMismatchException: { member: 'message', status: 400 },
  InvalidAllowedPatternException: { member: 'message', status: 400 },
  HierarchyLevelLimitExceededException: { member: 'message', status: 400 },
  HierarchyTypeMismatchException: { member: 'message', status: 400 },
  UnsupportedParameterType: { member: 'message', status: 400 },
  ParameterMaxVersionLimitExceeded: { member: 'message', status: 400 },
  InvalidFilterOption: { member: 'message', status: 400 },
  InvalidFilterValue: { member: 'Message', status: 400 },
  AutomationDefinitionNotFoundException: { member: 'Message', status: 400 },
  AutomationDefinitionVersionNotFoundException: { member: 'Message', status: 400 },
  AutomationExecutionNotFoundException: { member: 'Message', status: 400 },
  InvalidAutomationExecutionParametersException: { member: 'Message', status: 400 },
  InvalidAutomationStatusUpdateException: { member: 'Message', status: 400 },
  IdempotentParameterMismatch: { member: 'Message', status: 400 },
  // KMS (TrentService), whose shapes all model lower-case `message`.
  NotFoundException: { member: 'message', status: 400 },
  DisabledException: { member: 'message', status: 400 },
  InvalidCiphertextException: { member: 'message', status: 400 },
  IncorrectKeyException: { member: 'message', status: 400 },
} as const satisfies Record<string, WireShape>;

/** Error codes the simulator knows how to put on the wire. */
export type WireErrorCode = keyof typeof SHAPES;

/** An AWS error to be answered as-is; thrown by handlers, serialised by the server. */
export class SimulatedAwsError extends Error {
  readonly code: WireErrorCode;
  readonly status: number;
  /** Extra modeled members (e.g. ThrottlingException's QuotaCode). */
  readonly extra: Readonly<Record<string, string>>;

  constructor(code: WireErrorCode, message?: string, extra: Readonly<Record<string, string>> = {}) {
    super(message ?? '');
    this.name = 'SimulatedAwsError';
    this.code = code;
    this.status = SHAPES[code].status;
    this.extra = extra;
  }

  /** The JSON body AWS would send: `__type` first, then the message under the modeled key. */
  toBody(): Record<string, string> {
    const member: WireShape['member'] = SHAPES[this.code].member;
    const body: Record<string, string> = { __type: this.code };
    if (member !== null && this.message !== '') body[member] = this.message;
    return { ...body, ...this.extra };
  }
}

/** A `SimulatedAwsError` for `code` with `message` (dropped when the shape has no message). */
export function awsError(code: WireErrorCode, message?: string): SimulatedAwsError {
  return new SimulatedAwsError(code, message);
}
