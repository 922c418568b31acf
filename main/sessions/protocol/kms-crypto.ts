import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals and opens payloads of a KMS-encrypted session (§8). */
export interface SessionCipher {
  /** Returns `nonce(12) || ciphertext || tag(16)`. */
  encrypt(plain: Uint8Array): Uint8Array;
  /** Opens a sealed payload; throws CipherError when it is short or was tampered with. */
  decrypt(sealed: Uint8Array): Uint8Array;
}

/** A sealed payload that cannot be opened (wrong key, tampered, truncated). */
export class CipherError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CipherError';
  }
}

/** Length of the KMS data key: GenerateDataKey NumberOfBytes = 64 (§8 step 2). */
export const DATA_KEY_LENGTH = 64;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * AES-256-GCM cipher for one end. Bytes 0–31 of the data key are the agent's sending key and
 * bytes 32–63 the client's (§8 step 3); each role encrypts with its own half and decrypts with the other.
 */
export function createSessionCipher(dataKey: Uint8Array, role: 'client' | 'agent'): SessionCipher {
  if (dataKey.length !== DATA_KEY_LENGTH) {
    throw new CipherError(`KMS data key is ${dataKey.length} bytes; the protocol needs ${DATA_KEY_LENGTH}.`);
  }
  const agentKey = Buffer.from(dataKey.subarray(0, 32));
  const clientKey = Buffer.from(dataKey.subarray(32, 64));
  const sendKey = role === 'client' ? clientKey : agentKey;
  const receiveKey = role === 'client' ? agentKey : clientKey;
  // The plugin uses random nonces; the agent a random start incremented as a little-endian 96-bit counter (§8 step 7).
  const counter = role === 'agent' ? randomBytes(NONCE_LENGTH) : null;

  const nextNonce = (): Buffer => {
    if (!counter) return randomBytes(NONCE_LENGTH);
    const nonce = Buffer.from(counter);
    for (let i = 0; i < NONCE_LENGTH; i++) {
      counter[i] = (counter[i]! + 1) & 0xff;
      if (counter[i] !== 0) break;
    }
    return nonce;
  };

  return {
    encrypt(plain) {
      const nonce = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', sendKey, nonce);
      const body = cipher.update(plain);
      const final = cipher.final();
      return Buffer.concat([nonce, body, final, cipher.getAuthTag()]);
    },
    decrypt(sealed) {
      if (sealed.length < NONCE_LENGTH + TAG_LENGTH) {
        throw new CipherError(`Sealed payload of ${sealed.length} bytes is shorter than nonce and tag.`);
      }
      const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      const decipher = createDecipheriv('aes-256-gcm', receiveKey, buf.subarray(0, NONCE_LENGTH));
      decipher.setAuthTag(buf.subarray(buf.length - TAG_LENGTH));
      try {
        return Buffer.concat([decipher.update(buf.subarray(NONCE_LENGTH, buf.length - TAG_LENGTH)), decipher.final()]);
      } catch (error) {
        throw new CipherError('Encrypted payload failed authentication (wrong key or tampered).', { cause: error });
      }
    },
  };
}
