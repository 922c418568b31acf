import { createHash } from 'node:crypto';
import { headerValue } from '../http-wire';
import type { WireAnswer, WireRequest } from '../http-wire';
import type { CredentialStore } from './credential-store';
import type { SsoState } from './sso-state';
import { TRAINING_PERMISSION_SETS, TRAINING_USER_NAME, accountEmail } from './training-accounts';
import type { TrainingAccount } from './training-accounts';
import { errorAnswer, jsonAnswer, portalError } from './sso-wire';

/**
 * The IAM Identity Center portal (GetRoleCredentials, ListAccounts, ListAccountRoles, Logout):
 * unsigned restJson authorised by the OIDC access token in `x-amz-sso_bearer_token`. Every
 * training account assigns the ReadOnly and Operator permission sets to the training user.
 */

/** What the portal needs from the simulator. */
export interface PortalDeps {
  readonly sso: SsoState;
  readonly credentials: CredentialStore;
  readonly accounts: ReadonlyArray<TrainingAccount>;
  readonly now: () => number;
}

const ROUTES: Readonly<Record<string, string>> = {
  'GET /federation/credentials': 'GetRoleCredentials',
  'GET /assignment/accounts': 'ListAccounts',
  'GET /assignment/roles': 'ListAccountRoles',
  'POST /logout': 'Logout',
};

/** Role sessions from the portal last one hour, as the default permission-set session does. */
const ROLE_SESSION_SECONDS = 3600;

/** The portal operation a request names, or undefined when it is not a portal route. */
export function portalOperation(request: WireRequest): string | undefined {
  return ROUTES[`${request.method} ${request.url.pathname}`];
}

/** Answers one portal request. */
export function answerPortal(request: WireRequest, operation: string, deps: PortalDeps): WireAnswer {
  const name = `sso:${operation}`;
  try {
    const token = headerValue(request.headers, 'x-amz-sso_bearer_token');
    if (token === undefined || !deps.sso.tokenValid(token, deps.now())) {
      throw portalError('UnauthorizedException', 401, 'Session token not found or invalid');
    }
    const query = request.url.searchParams;
    if (operation === 'ListAccounts') {
      return jsonAnswer(name, {
        accountList: deps.accounts.map((a) => ({ accountId: a.accountId, accountName: a.label, emailAddress: accountEmail(a.accountId) })),
      });
    }
    if (operation === 'ListAccountRoles') {
      const accountId = required(query, 'account_id');
      const known = deps.accounts.some((a) => a.accountId === accountId);
      return jsonAnswer(name, { roleList: known ? TRAINING_PERMISSION_SETS.map((roleName) => ({ roleName, accountId })) : [] });
    }
    if (operation === 'Logout') {
      deps.sso.logout(token);
      return { status: 200, headers: {}, body: '', operation: name };
    }
    return jsonAnswer(name, { roleCredentials: roleCredentials(required(query, 'account_id'), required(query, 'role_name'), deps) });
  } catch (error) {
    return errorAnswer(name, error, true);
  }
}

function required(query: URLSearchParams, member: string): string {
  const value = query.get(member);
  if (value === null || value === '') throw portalError('InvalidRequestException', 400, `${member} is required.`);
  return value;
}

function roleCredentials(accountId: string, permissionSet: string, deps: PortalDeps): object {
  if (!deps.accounts.some((a) => a.accountId === accountId) || !TRAINING_PERMISSION_SETS.includes(permissionSet)) {
    throw portalError('ForbiddenException', 403, 'No access');
  }
  const key = deps.credentials.issueRoleSession(accountId, reservedRoleName(accountId, permissionSet), TRAINING_USER_NAME, ROLE_SESSION_SECONDS);
  return {
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    sessionToken: key.sessionToken,
    expiration: key.expiration,
  };
}

/** The IAM role Identity Center provisions for a permission set: `AWSReservedSSO_<Set>_<16 hex>`. */
export function reservedRoleName(accountId: string, permissionSet: string): string {
  const suffix = createHash('sha256').update(`${accountId}/${permissionSet}`).digest('hex').slice(0, 16);
  return `AWSReservedSSO_${permissionSet}_${suffix}`;
}
