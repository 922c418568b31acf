import type { WireAnswer, WireRequest } from '../http-wire';
import { CredentialStore, mfaCodeAt } from './credential-store';
import { answerSignIn, signInRoute } from './sign-in-page';
import { answerOidc, oidcOperation } from './sso-oidc-front';
import { answerPortal, portalOperation } from './sso-portal-front';
import { SsoState } from './sso-state';
import type { DeviceAuthorizationEvent } from './sso-state';
import { answerSts, isStsRequest } from './sts-service';
import { mfaSerial } from './training-accounts';
import type { TrainingAccount } from './training-accounts';

/**
 * The training fleet's identity side in one place: the accounts' keys, STS, IAM Identity Center
 * (OIDC, portal, sign-in page), and the controls tests and the demo banner use.
 */

/** Test and demo controls of the identity side (RunningSimulator.identity). */
export interface IdentityControls {
  /** The MFA device's current six-digit code (valid for this 30-second window and the one before). */
  mfaCode(serial: string): string;
  /** Approves a pending device authorization, as the operator would on /start/. Throws when none is pending. */
  approveDevice(userCode: string): void;
  /** Denies a pending device authorization. Throws when none is pending. */
  denyDevice(userCode: string): void;
  /** Every SSO access and refresh token stops working (the portal answers 401). */
  revokeSsoTokens(): void;
  /** Every temporary key issued so far expires now (ExpiredTokenException / ExpiredToken). */
  expireTemporaryCredentials(): void;
  /** Every secret the fleet handed out: temporary secret keys, session tokens, SSO access and refresh tokens. */
  issuedSecrets(): string[];
  /** User codes awaiting approval. */
  pendingDeviceCodes(): string[];
  /** Called for each StartDeviceAuthorization; returns an unsubscribe function. */
  onDeviceAuthorization(listener: (event: DeviceAuthorizationEvent) => void): () => void;
}

/** What the identity side needs from the simulator. */
export interface IdentityServiceOptions {
  readonly accounts: ReadonlyArray<TrainingAccount>;
  readonly now: () => number;
  /** `http://127.0.0.1:PORT` once listening. */
  readonly endpoint: () => string;
}

/** Keys, STS and SSO of one simulator. */
export class IdentityService {
  readonly credentials: CredentialStore;
  readonly controls: IdentityControls;
  readonly #sso = new SsoState();
  readonly #options: IdentityServiceOptions;
  readonly #accountIds: ReadonlySet<string>;

  constructor(options: IdentityServiceOptions) {
    this.#options = options;
    this.credentials = new CredentialStore(options.accounts, options.now);
    this.#accountIds = new Set(options.accounts.map((a) => a.accountId));
    this.controls = this.#buildControls();
  }

  /** Answers the request if it belongs to STS, SSO or the sign-in page; undefined otherwise. */
  answer(request: WireRequest): Promise<WireAnswer> | WireAnswer | undefined {
    const { now, endpoint, accounts } = this.#options;
    const oidc = oidcOperation(request);
    if (oidc) return answerOidc(request, oidc, { sso: this.#sso, now, endpoint });
    const portal = portalOperation(request);
    if (portal) return answerPortal(request, portal, { sso: this.#sso, credentials: this.credentials, accounts, now });
    const page = signInRoute(request);
    if (page) {
      const mfaCodes = (): Array<{ serial: string; code: string }> =>
        accounts.map((a) => ({ serial: mfaSerial(a.accountId), code: mfaCodeAt(mfaSerial(a.accountId), now()) }));
      return answerSignIn(request, page, { sso: this.#sso, now, mfaCodes });
    }
    if (isStsRequest(request)) return answerSts(request, { credentials: this.credentials, accountIds: this.#accountIds, now });
    return undefined;
  }

  #buildControls(): IdentityControls {
    const sso = this.#sso;
    const now = this.#options.now;
    const decide = (userCode: string, decision: 'approved' | 'denied'): void => {
      if (!sso.decide(userCode, decision, now())) {
        throw new RangeError(`No pending device authorization has user code ${userCode}; pending: ${sso.pending(now()).join(', ') || 'none'}.`);
      }
    };
    return {
      mfaCode: (serial) => mfaCodeAt(serial, now()),
      approveDevice: (userCode) => decide(userCode, 'approved'),
      denyDevice: (userCode) => decide(userCode, 'denied'),
      revokeSsoTokens: () => sso.revokeAll(),
      expireTemporaryCredentials: () => this.credentials.expireTemporary(),
      pendingDeviceCodes: () => sso.pending(now()),
      issuedSecrets: () => [...this.credentials.issuedSecrets(), ...sso.issuedTokens()],
      onDeviceAuthorization: (listener) => sso.onDeviceAuthorization(listener),
    };
  }
}
