import { createHash, createHmac, randomBytes } from 'node:crypto';
import { awsError } from '../wire-errors';
import { userArn } from './training-accounts';
import type { TrainingAccount } from './training-accounts';

/**
 * Every key the training fleet accepts: one long-term key per account (its IAM user) and the
 * temporary keys AssumeRole and the SSO portal hand out, each bound to its session token and
 * expiry on the simulator's clock. A request's principal decides which account's partition it
 * reaches ("an account per access key").
 */

/** Who a key stands for. */
export interface Principal {
  readonly accountId: string;
  /** User ARN for long-term keys; `arn:aws:sts::<acct>:assumed-role/<Role>/<Session>` otherwise. */
  readonly arn: string;
  /** GetCallerIdentity's UserId: `AIDA…` for users, `AROA…:<Session>` for role sessions. */
  readonly userId: string;
  /** For role sessions: the role's name (CapstanOperator, AWSReservedSSO_ReadOnly_…). */
  readonly roleName?: string;
}

/** Temporary credentials as STS and the SSO portal return them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch milliseconds on the simulator's clock. */
  readonly expiration: number;
}

interface TemporaryKey extends TemporaryCredentials {
  readonly principal: Principal;
}

const EXPIRED = 'The security token included in the request is expired';

/** Long-term and temporary keys of a running simulator. */
export class CredentialStore {
  readonly #users = new Map<string, { secret: string; principal: Principal }>();
  readonly #temporary = new Map<string, TemporaryKey>();
  readonly #now: () => number;

  constructor(accounts: ReadonlyArray<TrainingAccount>, now: () => number) {
    this.#now = now;
    for (const account of accounts) {
      this.#users.set(account.credentials.accessKeyId, {
        secret: account.credentials.secretAccessKey,
        principal: { accountId: account.accountId, arn: userArn(account.accountId), userId: stableId('AIDA', account.accountId) },
      });
    }
  }

  /** Secret of a long-term key, or undefined when no account has it. */
  longTermSecret(accessKeyId: string): string | undefined {
    return this.#users.get(accessKeyId)?.secret;
  }

  /**
   * Secret of a temporary key presented with `sessionToken`; undefined when the pair is not one
   * the fleet issued. Throws ExpiredTokenException once the key's expiry has passed.
   */
  sessionSecret(accessKeyId: string, sessionToken: string): string | undefined {
    const key = this.#temporary.get(accessKeyId);
    if (!key || key.sessionToken !== sessionToken) return undefined;
    if (this.#now() >= key.expiration) throw awsError('ExpiredTokenException', EXPIRED);
    return key.secretAccessKey;
  }

  /** The principal behind a key that has already passed signature verification. */
  principalOf(accessKeyId: string): Principal {
    const principal = this.#users.get(accessKeyId)?.principal ?? this.#temporary.get(accessKeyId)?.principal;
    if (!principal) throw new RangeError(`Access key ${accessKeyId} is not one of the training fleet's.`);
    return principal;
  }

  /** Issues a role session in `accountId` for `durationSeconds` from now. */
  issueRoleSession(accountId: string, roleName: string, sessionName: string, durationSeconds: number): TemporaryKey {
    const roleId = roleUniqueId(accountId, roleName);
    const key: TemporaryKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      // Real session tokens are long opaque base64; clients must pass them through untouched.
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
      expiration: Math.floor(this.#now() / 1000) * 1000 + durationSeconds * 1000,
      principal: {
        accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
        userId: `${roleId}:${sessionName}`,
        roleName,
      },
    };
    this.#temporary.set(key.accessKeyId, key);
    return key;
  }

  /** Secret keys and session tokens of every temporary key issued (secret-scan tests look for them). */
  issuedSecrets(): string[] {
    return [...this.#temporary.values()].flatMap((key) => [key.secretAccessKey, key.sessionToken]);
  }

  /** Makes every temporary key issued so far expired (tests of refresh and expiry prompts). */
  expireTemporary(): void {
    const past = this.#now() - 1000;
    for (const [id, key] of this.#temporary) this.#temporary.set(id, { ...key, expiration: Math.min(key.expiration, past) });
  }
}

/** `AROA` + 17 upper-case alphanumerics, the same for the same role (as IAM's unique ids are). */
export function roleUniqueId(accountId: string, roleName: string): string {
  return stableId('AROA', `${accountId}/${roleName}`);
}

function stableId(prefix: string, name: string): string {
  const digest = createHash('sha256').update(`${prefix}:${name}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = prefix;
  for (let i = 0; i < 17; i++) out += alphabet[(digest[i] ?? 0) % alphabet.length];
  return out;
}

/** MFA windows are 30 s, as TOTP's. */
const MFA_WINDOW_MS = 30_000;

/**
 * The six-digit code of a virtual MFA device in the window containing `nowMs` (RFC 6238-style
 * truncation of an HMAC over the serial and window number; deterministic, never random).
 */
export function mfaCodeAt(serial: string, nowMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / MFA_WINDOW_MS)));
  const digest = createHmac('sha1', `capstan-training-mfa:${serial}`).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Whether `code` is the device's code now or in the previous window (clock drift, slow typing). */
export function mfaCodeMatches(serial: string, code: string, nowMs: number): boolean {
  return code === mfaCodeAt(serial, nowMs) || code === mfaCodeAt(serial, nowMs - MFA_WINDOW_MS);
}
