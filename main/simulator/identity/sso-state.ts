import { randomBytes } from 'node:crypto';

/**
 * IAM Identity Center's side of the training fleet: registered OIDC clients, device
 * authorizations waiting for the operator, and the access and refresh tokens handed out. The
 * OIDC and portal fronts read and change it; tests drive approval through the controls.
 */

/** A registered public client (the AWS CLI or Capstan). */
export interface SsoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientName: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly secretExpiresAt: number;
}

/** One device authorization, from StartDeviceAuthorization to its token. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly startUrl: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'redeemed';
  /** Epoch ms of the last CreateToken poll, for slow_down. */
  lastPoll: number | undefined;
  /** Polls in a row that came sooner than half the interval after the one before. */
  rapidPolls: number;
}

/** An access token of the portal. */
export interface SsoAccessToken {
  readonly clientId: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** A device authorization announced to listeners (the demo banner, tests). */
export interface DeviceAuthorizationEvent {
  readonly userCode: string;
  readonly verificationUriComplete: string;
  readonly clientName: string;
}

// No vowels or look-alikes: codes are read aloud and typed by hand, and must never spell words.
const CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

/** Mutable SSO state of one simulator. */
export class SsoState {
  readonly clients = new Map<string, SsoClient>();
  readonly #devices = new Map<string, DeviceAuthorization>();
  readonly #byUserCode = new Map<string, DeviceAuthorization>();
  readonly #accessTokens = new Map<string, SsoAccessToken>();
  readonly #refreshTokens = new Map<string, string>();
  readonly #listeners = new Set<(event: DeviceAuthorizationEvent) => void>();

  registerClient(clientName: string, nowMs: number): SsoClient {
    const issuedAt = Math.floor(nowMs / 1000);
    const client: SsoClient = {
      clientId: randomBytes(16).toString('base64url'),
      clientSecret: randomBytes(48).toString('base64url'),
      clientName,
      issuedAt,
      // AWS registrations last 90 days.
      secretExpiresAt: issuedAt + 90 * 24 * 3600,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  startDevice(clientId: string, startUrl: string, expiresAt: number): DeviceAuthorization {
    const device: DeviceAuthorization = {
      deviceCode: randomBytes(32).toString('base64url'),
      userCode: this.#freshUserCode(),
      clientId,
      startUrl,
      expiresAt,
      state: 'pending',
      lastPoll: undefined,
      rapidPolls: 0,
    };
    this.#devices.set(device.deviceCode, device);
    this.#byUserCode.set(device.userCode, device);
    return device;
  }

  announce(event: DeviceAuthorizationEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  onDeviceAuthorization(listener: (event: DeviceAuthorizationEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  device(deviceCode: string): DeviceAuthorization | undefined {
    return this.#devices.get(deviceCode);
  }

  /** Approves or denies a pending code; false when no pending, unexpired authorization has it. */
  decide(userCode: string, decision: 'approved' | 'denied', nowMs: number): boolean {
    const device = this.#byUserCode.get(normaliseUserCode(userCode));
    if (!device || device.state !== 'pending' || nowMs >= device.expiresAt) return false;
    device.state = decision;
    return true;
  }

  /** User codes still waiting for the operator. */
  pending(nowMs: number): string[] {
    return [...this.#devices.values()].filter((d) => d.state === 'pending' && nowMs < d.expiresAt).map((d) => d.userCode);
  }

  issueTokens(clientId: string, expiresAt: number): { accessToken: string; refreshToken: string } {
    const accessToken = `aoa${randomBytes(48).toString('base64url')}`;
    const refreshToken = `aor${randomBytes(48).toString('base64url')}`;
    this.#accessTokens.set(accessToken, { clientId, expiresAt });
    this.#refreshTokens.set(refreshToken, clientId);
    return { accessToken, refreshToken };
  }

  /** The client a refresh token was issued to, if it is still valid. */
  /** Access and refresh tokens issued and still known (secret-scan tests look for them). */
  issuedTokens(): string[] {
    return [...this.#accessTokens.keys(), ...this.#refreshTokens.keys()];
  }

  refreshClient(refreshToken: string): string | undefined {
    return this.#refreshTokens.get(refreshToken);
  }

  /** Whether an access token is valid at `nowMs`. */
  tokenValid(accessToken: string, nowMs: number): boolean {
    const token = this.#accessTokens.get(accessToken);
    return token !== undefined && nowMs < token.expiresAt;
  }

  logout(accessToken: string): void {
    this.#accessTokens.delete(accessToken);
  }

  /** Every access and refresh token stops working (an administrator ended all sessions). */
  revokeAll(): void {
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
  }

  #freshUserCode(): string {
    for (;;) {
      const bytes = randomBytes(8);
      const letters = [...bytes].map((b) => CODE_LETTERS[b % CODE_LETTERS.length] ?? 'B').join('');
      const code = `${letters.slice(0, 4)}-${letters.slice(4)}`;
      if (!this.#byUserCode.has(code)) return code;
    }
  }
}

/** Upper-cases a typed code and restores its dash (`abcdefgh` → `ABCD-EFGH`). */
export function normaliseUserCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : typed.trim().toUpperCase();
}
