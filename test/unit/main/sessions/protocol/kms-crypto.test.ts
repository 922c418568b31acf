import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CipherError, createSessionCipher } from '../../../../../main/sessions/protocol/kms-crypto';

describe('kms-crypto (§8)', () => {
  const key = randomBytes(64);
  const client = createSessionCipher(key, 'client');
  const agent = createSessionCipher(key, 'agent');

  it('client → agent and agent → client both open, with nonce(12)||ct||tag(16) framing', () => {
    const keystrokes = Buffer.from('ls -la\r');
    const sealed = client.encrypt(keystrokes);
    expect(sealed.length).toBe(12 + keystrokes.length + 16);
    expect(Buffer.from(agent.decrypt(sealed)).toString()).toBe('ls -la\r');
    const output = Buffer.from('total 0\r\n');
    expect(Buffer.from(client.decrypt(agent.encrypt(output))).toString()).toBe('total 0\r\n');
  });

  it('each direction uses its own half: the client encrypts with bytes 32–63, the agent with 0–31', () => {
    // A cipher cannot open what its own role sealed, because that used the other half.
    expect(() => client.decrypt(client.encrypt(Buffer.from('x')))).toThrow(CipherError);
    // Swapping the halves turns a client into the agent.
    const swapped = Buffer.concat([key.subarray(32), key.subarray(0, 32)]);
    const impostor = createSessionCipher(swapped, 'client');
    expect(Buffer.from(impostor.decrypt(client.encrypt(Buffer.from('y')))).toString()).toBe('y');
  });

  it('detects tampering with ciphertext, tag or nonce, and short input', () => {
    const sealed = Buffer.from(agent.encrypt(Buffer.from('secret output')));
    for (const index of [0, 14, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[index] = bad[index]! ^ 0x40;
      expect(() => client.decrypt(bad)).toThrow(CipherError);
    }
    expect(() => client.decrypt(sealed.subarray(0, 20))).toThrow(CipherError);
  });

  it('agent nonces are a counter: consecutive nonces differ by one (little-endian)', () => {
    const a = Buffer.from(agent.encrypt(Buffer.from('1'))).subarray(0, 12);
    const b = Buffer.from(agent.encrypt(Buffer.from('2'))).subarray(0, 12);
    const asBig = (n: Buffer): bigint => BigInt('0x' + Buffer.from(n).reverse().toString('hex'));
    expect((asBig(b) - asBig(a) + (1n << 96n)) % (1n << 96n)).toBe(1n);
  });

  it('refuses a data key that is not 64 bytes', () => {
    expect(() => createSessionCipher(randomBytes(32), 'client')).toThrow(CipherError);
  });
});
