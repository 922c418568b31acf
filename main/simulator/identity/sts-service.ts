import { queryOf } from '../http-wire';
import type { WireAnswer, WireRequest } from '../http-wire';
import { verifySigV4 } from '../sigv4-verify';
import { mfaCodeMatches } from './credential-store';
import type { CredentialStore, Principal } from './credential-store';
import { TRAINING_ROLES, mfaSerial } from './training-accounts';
import { STS_VERSION, StsError, accessDenied, stsFailure, stsResult, stsTimestamp, toStsError, validationError, xmlMembers } from './sts-wire';

/**
 * The training fleet's STS: GetCallerIdentity and AssumeRole, signed for `sts`. Every training
 * account has CapstanReadOnly (any training caller), CapstanOperator (trust requires MFA) and
 * CapstanDenied (always refused); cross-account assumption between training accounts is allowed.
 */

/** What STS needs from the simulator. */
export interface StsDeps {
  readonly credentials: CredentialStore;
  readonly accountIds: ReadonlySet<string>;
  readonly now: () => number;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const CHAINED_MAX_DURATION = 3600;
const DEFAULT_DURATION = 3600;
const MFA_FAILED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/** Whether a request is meant for STS: form-encoded, no X-Amz-Target (SSM/KMS always carry one). */
export function isStsRequest(request: WireRequest): boolean {
  const contentType = request.headers['content-type'] ?? '';
  return request.headers['x-amz-target'] === undefined && contentType.startsWith('application/x-www-form-urlencoded');
}

/** Answers one STS request. */
export async function answerSts(request: WireRequest, deps: StsDeps): Promise<WireAnswer> {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const action = form.get('Action') ?? '';
  let region: string | undefined;
  try {
    const identity = await verifySigV4(
      { method: request.method, path: request.url.pathname, query: queryOf(request.url), headers: request.headers, body: request.body },
      {
        lookupSecret: (id) => deps.credentials.longTermSecret(id),
        lookupSessionSecret: (id, token) => deps.credentials.sessionSecret(id, token),
        service: 'sts',
        now: deps.now(),
      },
    );
    region = identity.region;
    if (request.method !== 'POST' || request.url.pathname !== '/' || form.get('Version') !== STS_VERSION) {
      throw new StsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${form.get('Version') ?? '(none)'}`);
    }
    const caller = deps.credentials.principalOf(identity.accessKeyId);
    if (action === 'GetCallerIdentity') {
      const result = xmlMembers([
        ['Arn', caller.arn],
        ['UserId', caller.userId],
        ['Account', caller.accountId],
      ]);
      return stsResult(action, result, request.requestId, region);
    }
    if (action === 'AssumeRole') return stsResult(action, assumeRole(form, caller, deps), request.requestId, region);
    throw new StsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${STS_VERSION}`);
  } catch (error) {
    return stsFailure(action || 'Unknown', toStsError(error), request.requestId, region);
  }
}

function assumeRole(form: URLSearchParams, caller: Principal, deps: StsDeps): string {
  const roleArn = form.get('RoleArn') ?? undefined;
  const sessionName = form.get('RoleSessionName') ?? undefined;
  if (roleArn === undefined) throw validationError(undefined, 'roleArn', 'Member must not be null');
  if (sessionName === undefined) throw validationError(undefined, 'roleSessionName', 'Member must not be null');
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(sessionName, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length from 2 to 64');
  }
  const duration = durationOf(form.get('DurationSeconds') ?? undefined, caller);
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw validationError(roleArn, 'roleArn', 'Member must be an IAM role ARN like arn:aws:iam::111122223333:role/CapstanReadOnly');
  const [, accountId = '', roleName = ''] = match;
  const notAuthorized = accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  const knownRole = roleName === TRAINING_ROLES.readOnly || roleName === TRAINING_ROLES.operator;
  if (!deps.accountIds.has(accountId) || !knownRole) throw notAuthorized;

  const serial = form.get('SerialNumber') ?? undefined;
  const code = form.get('TokenCode') ?? undefined;
  if (code !== undefined && !/^\d{6}$/.test(code)) {
    throw validationError(code, 'tokenCode', 'Member must satisfy regular expression pattern: [\\d]* and have length 6');
  }
  if (serial !== undefined) checkMfa(serial, code, caller, deps);
  // CapstanOperator's trust policy has "Bool": {"aws:MultiFactorAuthPresent": "true"}.
  if (roleName === TRAINING_ROLES.operator && serial === undefined) throw notAuthorized;

  const key = deps.credentials.issueRoleSession(accountId, roleName, sessionName, duration);
  return (
    '<Credentials>' +
    xmlMembers([
      ['AccessKeyId', key.accessKeyId],
      ['SecretAccessKey', key.secretAccessKey],
      ['SessionToken', key.sessionToken],
      ['Expiration', stsTimestamp(key.expiration)],
    ]) +
    '</Credentials><AssumedRoleUser>' +
    xmlMembers([
      ['AssumedRoleId', key.principal.userId],
      ['Arn', key.principal.arn],
    ]) +
    '</AssumedRoleUser>'
  );
}

function durationOf(raw: string | undefined, caller: Principal): number {
  if (raw === undefined) return Math.min(DEFAULT_DURATION, caller.roleName ? CHAINED_MAX_DURATION : DEFAULT_DURATION);
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(value) || value < MIN_DURATION) {
    throw validationError(raw, 'durationSeconds', `Member must have value greater than or equal to ${MIN_DURATION}`);
  }
  if (value > MAX_DURATION) throw validationError(raw, 'durationSeconds', `Member must have value less than or equal to ${MAX_DURATION}`);
  // A role session assuming another role is "role chaining": AWS caps it at one hour.
  if (caller.roleName !== undefined && value > CHAINED_MAX_DURATION) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  return value;
}

function checkMfa(serial: string, code: string | undefined, caller: Principal, deps: StsDeps): void {
  // Each training user has one virtual device in its own account; role sessions have none.
  if (caller.roleName !== undefined || serial !== mfaSerial(caller.accountId)) {
    throw accessDenied(
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    );
  }
  if (code === undefined || !mfaCodeMatches(serial, code, deps.now())) throw accessDenied(MFA_FAILED);
}
