import { randomBytes } from 'node:crypto';
import { awsError } from '../wire-errors';

/**
 * The Session Manager sessions of one training fleet: ids shaped like AWS's
 * (`<caller-name>-<17 hex>`), one-connection tokens rotated by ResumeSession, statuses as
 * DescribeSessions reports them, and 30 days of History (ssm-api.md §4.5, §8).
 */

/** Session status as the Session shape enumerates it. */
export type SessionStatus = 'Connected' | 'Connecting' | 'Disconnected' | 'Terminated' | 'Terminating' | 'Failed';

/** One session as the registry keeps it. Dates are epoch milliseconds. */
export interface SimulatedSession {
  readonly sessionId: string;
  /** Creation order, used as the DescribeSessions page cursor. */
  readonly ordinal: number;
  readonly target: string;
  readonly owner: string;
  readonly documentName: string;
  readonly reason: string | undefined;
  readonly parameters: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly startDate: number;
  status: SessionStatus;
  endDate: number | undefined;
  /** The token the next data-channel connection must present, or undefined once used. */
  token: string | undefined;
  /** Every token ever issued, so a stale one can be told apart from a forged one in logs. */
  readonly issuedTokens: string[];
}

/** What StartSession asks for, already validated. */
export interface NewSession {
  readonly target: string;
  readonly documentName: string;
  readonly reason?: string | undefined;
  readonly parameters?: Readonly<Record<string, ReadonlyArray<string>>>;
  /** Who started it (ARN and the name that prefixes the id); default: the registry's owner. */
  readonly owner?: { readonly arn: string; readonly name: string } | undefined;
}

/** Outcome of presenting a token on the data channel. */
export type TokenCheck = 'accepted' | 'stale' | 'wrong' | 'no-session' | 'terminated';

/** Terminated sessions stay in History for 30 days (ssm-api.md §8). */
export const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const ACTIVE: ReadonlySet<SessionStatus> = new Set(['Connected', 'Connecting', 'Disconnected', 'Terminating']);

/** Sessions of one simulator, by id. */
export class SessionRegistry {
  readonly #sessions = new Map<string, SimulatedSession>();
  readonly #ownerArn: string;
  readonly #ownerName: string;
  readonly #now: () => number;
  #ordinal = 0;

  constructor(options: { ownerArn: string; ownerName: string; now: () => number }) {
    this.#ownerArn = options.ownerArn;
    this.#ownerName = options.ownerName;
    this.#now = options.now;
  }

  /** The caller ARN recorded as every session's Owner. */
  get ownerArn(): string {
    return this.#ownerArn;
  }

  /** Registers a new session in Connecting with a fresh token. */
  create(request: NewSession): SimulatedSession {
    const token = newToken();
    const session: SimulatedSession = {
      // AWS: the caller's name, a dash, 17 lower-case hex digits (ssm-api.md §2).
      sessionId: `${request.owner?.name ?? this.#ownerName}-${randomBytes(9).toString('hex').slice(0, 17)}`,
      ordinal: this.#ordinal++,
      target: request.target,
      owner: request.owner?.arn ?? this.#ownerArn,
      documentName: request.documentName,
      reason: request.reason,
      parameters: request.parameters ?? {},
      startDate: this.#now(),
      status: 'Connecting',
      endDate: undefined,
      token,
      issuedTokens: [token],
    };
    this.#sessions.set(session.sessionId, session);
    return session;
  }

  /** The session with this id, if it is known (active or in History). */
  get(sessionId: string): SimulatedSession | undefined {
    this.#prune();
    return this.#sessions.get(sessionId);
  }

  /** Issues a fresh token (the previous one stops working); DoesNotExistException when terminated or unknown. */
  resume(sessionId: string): SimulatedSession {
    const session = this.get(sessionId);
    if (!session || !ACTIVE.has(session.status) || session.status === 'Terminating') {
      // ResumeSession: "Connections can be resumed for disconnected sessions, but not terminated sessions".
      throw awsError('DoesNotExistException', `Session ${sessionId} does not exist or has been terminated.`);
    }
    const token = newToken();
    session.token = token;
    session.issuedTokens.push(token);
    return session;
  }

  /** Checks and consumes a data-channel token: each token opens one connection. */
  useToken(sessionId: string, token: string): TokenCheck {
    const session = this.get(sessionId);
    if (!session) return 'no-session';
    if (!ACTIVE.has(session.status) || session.status === 'Terminating') return 'terminated';
    if (session.token !== undefined && token === session.token) {
      session.token = undefined;
      return 'accepted';
    }
    return session.issuedTokens.includes(token) ? 'stale' : 'wrong';
  }

  /** Moves an active session to `status` (ignored once terminated). */
  setStatus(sessionId: string, status: 'Connected' | 'Disconnected' | 'Terminating'): void {
    const session = this.#sessions.get(sessionId);
    if (session && ACTIVE.has(session.status)) session.status = status;
  }

  /** Ends a session: Terminated (or Failed) with an EndDate; false when it had already ended. */
  end(sessionId: string, status: 'Terminated' | 'Failed' = 'Terminated'): boolean {
    const session = this.#sessions.get(sessionId);
    if (!session || !ACTIVE.has(session.status)) return false;
    session.status = status;
    session.endDate = this.#now();
    session.token = undefined;
    return true;
  }

  /** Sessions in DescribeSessions' `State` (Active or History), newest first. */
  list(state: 'Active' | 'History'): SimulatedSession[] {
    this.#prune();
    const wanted = [...this.#sessions.values()].filter((s) => ACTIVE.has(s.status) === (state === 'Active'));
    return wanted.sort((a, b) => b.ordinal - a.ordinal);
  }

  /** Ids of sessions still active. */
  activeIds(): string[] {
    return this.list('Active').map((s) => s.sessionId);
  }

  #prune(): void {
    const horizon = this.#now() - HISTORY_RETENTION_MS;
    for (const [id, s] of this.#sessions) if (s.endDate !== undefined && s.endDate < horizon) this.#sessions.delete(id);
  }
}

// Opaque, ≤ 300 characters like AWS's TokenValue; 96 random bytes is 128 base64 characters.
function newToken(): string {
  return randomBytes(96).toString('base64');
}
