import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../../preload/contract/index';
import { ValidationError } from '../../../../main/errors/app-error';
import { createRouter, type InvokeHandlers } from '../../../../main/ipc/router';

const trusted = { trusted: true, label: 'test main frame' };

function notUsed(): never {
  throw new Error('not used');
}

function handlers(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  // Channels these tests do not call answer "not used"; new capabilities need no edit here.
  const unusedChannels = Object.fromEntries(
    Object.entries(contract)
      .filter(([, entry]) => entry.kind === 'invoke')
      .map(([channel]) => [channel, notUsed]),
  ) as unknown as InvokeHandlers;
  const base: InvokeHandlers = {
    ...unusedChannels,
    'app:get-info': () => ({ version: '1.2.3', platform: 'linux', cacheRecovery: null }),
    'app:open-external': () => ({ opened: true }),
    'workspaces:list-workspaces': () => ({ workspaces: [], selectedId: 'training', watchedIds: ['training'], statuses: [], profileProblems: [] }),
    'workspaces:select-workspace': ({ id }) => ({ id, kind: 'training', label: 'Training fleet', region: 'eu-west-1', accountId: '111122223333', accountName: 'Training', credentialSource: 'training', mfa: false }),
    'fleet:list-nodes': ({ offset }) => ({ rows: [], total: 0, offset }),
    'fleet:get-summary': () => {
      throw new Error('not used');
    },
    'fleet:refresh-nodes': () => {
      throw new Error('not used');
    },
    'fleet:cancel-refresh': () => {
      throw new Error('not used');
    },
  };
  return { ...base, ...overrides };
}

const validQuery = { workspaceIds: ['training'], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 };

describe('router', () => {
  it('answers a valid request from our window with the handler value in an ok envelope', async () => {
    const router = createRouter(contract, handlers());
    await expect(router.handle('app:get-info', trusted, {})).resolves.toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'linux', cacheRecovery: null },
    });
  });

  it('refuses an untrusted sender before the handler runs', async () => {
    const spy = vi.fn(() => ({ version: 'x', platform: 'y', cacheRecovery: null }));
    const router = createRouter(contract, handlers({ 'app:get-info': spy }));
    const result = await router.handle('app:get-info', { trusted: false, label: 'subframe' }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UntrustedSender' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses unknown channels, event channels and prototype keys as requests', async () => {
    const router = createRouter(contract, handlers());
    for (const channel of ['fleet:drop-table', 'fleet:nodes-changed', '__proto__', 'constructor']) {
      const result = await router.handle(channel, trusted, {});
      expect(result.ok, channel).toBe(false);
    }
  });

  it('rejects a payload that does not match the schema and names the field', async () => {
    const spy = vi.fn();
    const router = createRouter(contract, handlers({ 'fleet:list-nodes': spy }));
    const result = await router.handle('fleet:list-nodes', trusted, { ...validQuery, limit: 100_000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidRequest', kind: 'validation' } });
    if (!result.ok) expect(result.error.message).toContain('limit');
    expect(spy).not.toHaveBeenCalled();
  });

  it('rejects unexpected extra fields (strict schemas)', async () => {
    const router = createRouter(contract, handlers());
    const result = await router.handle('app:get-info', trusted, { evil: true });
    expect(result.ok).toBe(false);
  });

  it('passes AppErrors through with their code and hint, and hides the stack of unknown errors', async () => {
    const router = createRouter(
      contract,
      handlers({
        'fleet:list-nodes': () => {
          throw new ValidationError("Unknown filter field 'pong'.", { hint: 'Use ping:' });
        },
        'workspaces:list-workspaces': () => {
          throw new TypeError('secret internals at /home/x');
        },
      }),
      { log: () => {} },
    );
    const filterError = await router.handle('fleet:list-nodes', trusted, validQuery);
    expect(filterError).toEqual({
      ok: false,
      error: { code: 'ValidationError', kind: 'validation', message: "Unknown filter field 'pong'.", hint: 'Use ping:', retryable: false },
    });
    const bug = await router.handle('workspaces:list-workspaces', trusted, {});
    expect(bug).toMatchObject({ ok: false, error: { kind: 'bug', code: 'InternalBug' } });
    if (!bug.ok) expect(JSON.stringify(bug.error)).not.toContain('stack');
  });

  it('never lets a handler answer outside its response schema', async () => {
    const log = vi.fn();
    const router = createRouter(contract, handlers({ 'app:get-info': () => ({ version: 1 }) as never }), { log });
    const result = await router.handle('app:get-info', trusted, {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'bug' } });
    expect(log).toHaveBeenCalled();
  });

  it('validates events before listeners see them and drops malformed ones', () => {
    const router = createRouter(contract, handlers(), { log: () => {} });
    const seen: unknown[] = [];
    const unsubscribe = router.subscribe((channel, payload) => seen.push([channel, payload]));
    router.emit('fleet:nodes-changed', { workspaceId: 'training' });
    router.emit('fleet:nodes-changed', { workspace: 'wrong' } as never);
    unsubscribe();
    router.emit('fleet:nodes-changed', { workspaceId: 'after' });
    expect(seen).toEqual([['fleet:nodes-changed', { workspaceId: 'training' }]]);
  });

  it('refuses to start when handlers and contract disagree', () => {
    const partial = handlers() as Partial<InvokeHandlers>;
    delete partial['fleet:refresh-nodes'];
    expect(() => createRouter(contract, partial as InvokeHandlers)).toThrow(/missing: fleet:refresh/);
    expect(() => createRouter(contract, { ...handlers(), 'fleet:extra': () => null } as InvokeHandlers)).toThrow(/extra: fleet:extra/);
  });
});
