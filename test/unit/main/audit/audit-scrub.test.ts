import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../main/audit/audit-log';
import { REDACTED, isSecretKey, scrubDetail, scrubText } from '../../../../main/audit/audit-scrub';

// Shaped like real ones; none of these is a live credential.
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEXAMPLE${'A1b2C3d4'.repeat(20)}`;
const ACCESS_KEY_ID = 'ASIAIOSFODNN7EXAMPLE';

describe('audit scrubbing', () => {
  it.each(['token', 'sessionToken', 'TokenValue', 'secretAccessKey', 'client_secret', 'password', 'dbPassword', 'passwd', 'credentials', 'AwsCredential', 'privateKey', 'Authorization'])(
    'treats the key %s as secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  it.each(['sessionId', 'commandId', 'instanceId', 'documentName', 'accessKeyId', 'tokenCount', 'reason', 'exitCode'])('keeps the key %s', (key) => expect(isSecretKey(key)).toBe(false));

  it('redacts secret-named keys at any depth and secret-shaped values anywhere', () => {
    const detail = scrubDetail({
      sessionId: 'alice-0123456789abcdef',
      tokenValue: 'anything at all',
      nested: { credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_KEY }, list: [{ password: 'hunter2' }] },
      parameters: { commands: [`export AWS_SECRET_ACCESS_KEY=${SECRET_KEY}`, `export AWS_SESSION_TOKEN=${SESSION_TOKEN}`] },
      streamUrl: 'wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe&token=abcdef123',
      commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    });
    const text = JSON.stringify(detail);
    for (const secret of [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY_ID, 'hunter2', 'anything at all', 'abcdef123']) expect(text).not.toContain(secret);
    expect(detail.sessionId).toBe('alice-0123456789abcdef');
    expect(detail.tokenValue).toBe(REDACTED);
    expect(detail.commit).toBe('a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');
    expect((detail.parameters as { commands: string[] }).commands[0]).toBe(`export AWS_SECRET_ACCESS_KEY=${REDACTED}`);
  });

  it('makes any value JSON-safe and cuts very long text with a marker', () => {
    const detail = scrubDetail({ big: 'x'.repeat(20_000), n: Number.NaN, when: new Date(0), ids: new Set(['a']), fn: () => 1, skip: undefined });
    expect(detail).toMatchObject({ n: null, when: '1970-01-01T00:00:00.000Z', ids: ['a'], fn: null });
    expect('skip' in detail).toBe(false);
    expect(detail.big).toMatch(/^x{16384}… \[3616 more characters not kept\]$/);
    expect(scrubText('short')).toBe('short');
  });

  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never writes a credential to the file, in detail, summary, targets or error', async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-audit-s-'));
    const log = await AuditLog.open({ file: join(dir, 'audit.jsonl') });
    const entry = await log.append({
      actor: { operator: 'alice', principal: '', workspaceId: 'w', accountId: '', region: '' },
      action: 'command.sent',
      summary: `ran with ${SECRET_KEY}`,
      targets: [`i-1 ${ACCESS_KEY_ID}`],
      detail: { credentials: { secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN }, note: SESSION_TOKEN },
      outcome: 'failed',
      error: `signature from ${SECRET_KEY} did not match`,
    });
    await log.close();
    const stored = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    for (const secret of [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY_ID]) expect(stored).not.toContain(secret);
    expect(entry.summary).toBe(`ran with ${REDACTED}`);
    expect(entry.detail.credentials).toBe(REDACTED);
  });
});
