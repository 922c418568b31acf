import { errorText } from './client-helpers';
import { PayloadType } from './codec';
import { answerEncryptionChallenge, processHandshakeRequest, type HandshakeContext } from './handshake';
import type { SessionCipher } from './kms-crypto';
import { buildEncryptionChallenge, buildHandshakeResponse, parseHandshakeComplete, parseHandshakeRequest } from './payloads';
import type { DropReason } from './data-channel-types';

/** What the handshake needs from its DataChannelClient. */
export interface ClientHandshakeHost {
  readonly context: HandshakeContext;
  readonly clientVersion: string;
  isClosed(): boolean;
  /** Runs work from an async continuation; a throw closes the session instead of escaping. */
  guard(work: () => unknown): void;
  /** Queues a handshake reply (allowed before the session is ready) and sends what it can. */
  reply(payloadType: number, payload: Uint8Array): void;
  drop(reason: DropReason, detail: string): void;
  /** Ends the session: the handshake cannot succeed. */
  fail(reason: string): void;
  emitOutput(chunk: Uint8Array): void;
  becomeReady(): void;
}

/**
 * The client's side of the handshake (session-protocol.md §6.3) and of the KMS challenge (§8):
 * answers HandshakeRequest once its actions are processed (a KMS call may take a while), keeps
 * EncChallengeRequest and HandshakeComplete behind that answer, and holds the agreed cipher.
 */
export class ClientHandshake {
  /** A HandshakeRequest arrived: the session is not on the no-handshake path (§6.2). */
  started = false;
  /** Present once KMS encryption is agreed and the response is out (§8 step 4). */
  cipher: SessionCipher | null = null;
  /** Why the handshake went wrong, to explain a later channel_closed. */
  error: string | null = null;
  private readonly host: ClientHandshakeHost;
  private inFlight = false;
  private task: Promise<void> = Promise.resolve();

  constructor(host: ClientHandshakeHost) {
    this.host = host;
  }

  /** Processes the actions of a HandshakeRequest and queues the HandshakeResponse. */
  onRequest(payload: Uint8Array): void {
    this.started = true;
    let request;
    try {
      request = parseHandshakeRequest(payload);
    } catch (error) {
      this.host.drop('bad-payload', errorText(error));
      this.error = `Unreadable handshake request: ${errorText(error)}`;
      return;
    }
    this.inFlight = true;
    this.task = processHandshakeRequest(request, this.host.context).then((outcome) =>
      this.host.guard(() => {
        this.inFlight = false;
        if (this.host.isClosed()) return;
        if (outcome.errors.length > 0) this.error = outcome.errors.join(' ');
        const response = buildHandshakeResponse({
          ClientVersion: this.host.clientVersion,
          ProcessedClientActions: outcome.actions,
          Errors: outcome.errors,
        });
        this.host.reply(PayloadType.HandshakeResponse, response);
        // Encryption starts once the response is out (§8 step 4); the response itself is plaintext.
        this.cipher = outcome.cipher;
      }),
    );
  }

  /** EncChallengeRequest: answered after our HandshakeResponse. */
  onChallenge(payload: Uint8Array): void {
    this.afterResponse(() => this.answerChallenge(payload));
  }

  /** HandshakeComplete: shows the agent's CustomerMessage and makes the session ready. */
  onComplete(payload: Uint8Array): void {
    this.afterResponse(() => {
      let message = '';
      try {
        message = parseHandshakeComplete(payload).CustomerMessage;
      } catch (error) {
        this.host.drop('bad-payload', errorText(error));
      }
      if (message) this.host.emitOutput(Buffer.from(`${message}\r\n`, 'utf8'));
      this.host.becomeReady();
    });
  }

  private afterResponse(step: () => void): void {
    // Synchronous when the response is already out, so later output keeps its order behind this step.
    if (!this.inFlight) {
      step();
      return;
    }
    this.task = this.task.then(() => {
      if (!this.host.isClosed()) this.host.guard(step);
    });
  }

  private answerChallenge(payload: Uint8Array): void {
    if (!this.cipher) {
      this.error ??= 'The agent sent an encryption challenge but no key was agreed.';
      return;
    }
    let answer: string;
    try {
      answer = answerEncryptionChallenge(payload, this.cipher);
    } catch (error) {
      this.host.fail(`The KMS encryption challenge failed: ${errorText(error)}`);
      return;
    }
    this.host.reply(PayloadType.EncChallengeResponse, buildEncryptionChallenge({ Challenge: answer }));
  }
}
