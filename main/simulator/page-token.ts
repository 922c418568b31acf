import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { awsError } from './wire-errors';

/**
 * NextToken codec. A token is opaque to clients (base64 of MAC ‖ cursor), authenticated with a
 * key that lives only as long as the simulator, and bound to the operation and the request's
 * filters, so a forged, edited, foreign or mismatched token is refused with InvalidNextToken
 * exactly like a bad AWS token. The cursor is the fleet index of the last item returned, which
 * keeps paging exact when nodes vanish between pages.
 */

const MAC_BYTES = 16;
const INVALID = 'The specified NextToken is not valid.';

/** A stable fingerprint of a request's filter members, used to bind tokens to one query. */
export function requestScope(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts ?? null)).digest('base64url').slice(0, 22);
}

/** Issues and checks NextTokens for one simulator instance. */
export class PageTokenCodec {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  /** A token meaning "continue `operation` for `scope` after fleet index `afterIndex`". */
  issue(operation: string, scope: string, afterIndex: number): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, o: operation, s: scope, a: afterIndex }), 'utf8');
    return Buffer.concat([this.#mac(payload), payload]).toString('base64');
  }

  /** The cursor inside `token`, or InvalidNextToken when it is not one of ours for this request. */
  read(token: string, operation: string, scope: string): number {
    const raw = Buffer.from(token, 'base64');
    // Buffer.from ignores junk characters; a round trip rejects anything that is not canonical base64.
    if (raw.length <= MAC_BYTES || raw.toString('base64') !== token) throw awsError('InvalidNextToken', INVALID);
    const mac = raw.subarray(0, MAC_BYTES);
    const payload = raw.subarray(MAC_BYTES);
    if (!timingSafeEqual(mac, this.#mac(payload))) throw awsError('InvalidNextToken', INVALID);
    let cursor: unknown;
    try {
      cursor = JSON.parse(payload.toString('utf8'));
    } catch {
      throw awsError('InvalidNextToken', INVALID);
    }
    const c = cursor as { v?: unknown; o?: unknown; s?: unknown; a?: unknown };
    if (c.v !== 1 || c.o !== operation || c.s !== scope || typeof c.a !== 'number' || !Number.isInteger(c.a)) {
      throw awsError('InvalidNextToken', INVALID);
    }
    return c.a;
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
