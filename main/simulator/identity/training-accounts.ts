import { randomBytes } from 'node:crypto';

/**
 * The training fleet's accounts: fixed ids, labels and access key ids, so a console, a test and
 * the AWS CLI can all name them; secrets are drawn per start unless the caller gives them.
 */

/** Long-term credentials that sign requests to the simulator. */
export interface SimulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** One training account as SimulatorOptions.accounts gives it (credentials optional). */
export interface TrainingAccountSpec {
  readonly accountId: string;
  readonly label: string;
  readonly credentials?: SimulatorCredentials;
}

/** One training account of a running simulator, with its long-term user key. */
export interface TrainingAccount {
  readonly accountId: string;
  readonly label: string;
  readonly credentials: SimulatorCredentials;
}

/** The IAM user every account's long-term key belongs to (also the Owner of its sessions). */
export const TRAINING_USER_NAME = 'training-operator';

/** The IAM Identity Center start URL of the training organisation (any sso_region works). */
export const TRAINING_SSO_START_URL = 'https://capstan-training.awsapps.com/start';

/** The two accounts a simulator serves unless told otherwise. */
export const TRAINING_ACCOUNTS: ReadonlyArray<{ readonly accountId: string; readonly label: string; readonly accessKeyId: string }> = [
  { accountId: '111122223333', label: 'Training — Operations', accessKeyId: 'AKIACAPSTANTRAINING1' },
  { accountId: '444455556666', label: 'Training — Payments', accessKeyId: 'AKIACAPSTANTRAINING2' },
];

/** Roles every training account has; CapstanDenied exists only to be refused. */
export const TRAINING_ROLES = {
  readOnly: 'CapstanReadOnly',
  operator: 'CapstanOperator',
  denied: 'CapstanDenied',
} as const;

/** IAM Identity Center permission sets assigned in every training account. */
export const TRAINING_PERMISSION_SETS: ReadonlyArray<string> = ['ReadOnly', 'Operator'];

/** `arn:aws:iam::<account>:user/training-operator`. */
export function userArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/${TRAINING_USER_NAME}`;
}

/** The virtual MFA device of an account's training user. */
export function mfaSerial(accountId: string): string {
  return `arn:aws:iam::${accountId}:mfa/${TRAINING_USER_NAME}`;
}

/** A contact address per account, as ListAccounts shows it. */
export function accountEmail(accountId: string): string {
  return `aws-training+${accountId}@capstan.example`;
}

/**
 * The accounts a simulator serves: `specs` when given (default: the training accounts, with
 * `primaryAccountId` standing in for the first), each with `credentials` or a fresh secret; the
 * first account keeps `primaryCredentials` when given. Throws RangeError naming a bad entry.
 */
export function resolveAccounts(
  specs: ReadonlyArray<TrainingAccountSpec> | undefined,
  primaryAccountId: string | undefined,
  primaryCredentials: SimulatorCredentials | undefined,
): TrainingAccount[] {
  const defaults: TrainingAccountSpec[] = TRAINING_ACCOUNTS.map((a, i) => ({
    accountId: i === 0 ? (primaryAccountId ?? a.accountId) : a.accountId,
    label: a.label,
    credentials: { accessKeyId: a.accessKeyId, secretAccessKey: freshSecret() },
  }));
  const chosen = specs ?? defaults.filter((a, i) => i === 0 || a.accountId !== defaults[0]?.accountId);
  if (chosen.length === 0) throw new RangeError('SimulatorOptions.accounts must name at least one account.');
  const accounts = chosen.map((spec, i): TrainingAccount => {
    if (!/^\d{12}$/.test(spec.accountId)) throw new RangeError(`Training account ids are 12 digits; got '${spec.accountId}'.`);
    const given = i === 0 ? (primaryCredentials ?? spec.credentials) : spec.credentials;
    const fallbackKey = TRAINING_ACCOUNTS[i]?.accessKeyId ?? `AKIACAPSTANTRAINING${i + 1}`;
    return { accountId: spec.accountId, label: spec.label, credentials: given ?? { accessKeyId: fallbackKey, secretAccessKey: freshSecret() } };
  });
  const ids = new Set(accounts.map((a) => a.accountId));
  const keys = new Set(accounts.map((a) => a.credentials.accessKeyId));
  if (ids.size !== accounts.length) throw new RangeError('SimulatorOptions.accounts lists an account id twice.');
  if (keys.size !== accounts.length) throw new RangeError('SimulatorOptions.accounts gives two accounts the same access key id.');
  if (primaryAccountId !== undefined && !ids.has(primaryAccountId)) {
    throw new RangeError(`SimulatorOptions.accountId ${primaryAccountId} is not one of SimulatorOptions.accounts (${[...ids].join(', ')}).`);
  }
  return accounts;
}

/** 40 characters of base64, like a real secret access key. */
function freshSecret(): string {
  return randomBytes(30).toString('base64');
}
