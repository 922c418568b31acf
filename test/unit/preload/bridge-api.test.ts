import { describe, expect, it, vi } from 'vitest';
import { buildBridgeApi, channelList, methodNameFor } from '../../../preload/contract/bridge-api';
import { contract } from '../../../preload/contract/index';

describe('bridge api', () => {
  it('exposes exactly one function per contract entry and nothing else', () => {
    const api = buildBridgeApi(channelList(contract), { invoke: vi.fn(), subscribe: vi.fn() }) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(api).flatMap(([capability, group]) => Object.keys(group).map((method) => `${capability}.${method}`));
    expect(exposed).toHaveLength(Object.keys(contract).length);
    for (const group of Object.values(api)) for (const fn of Object.values(group)) expect(typeof fn).toBe('function');
    expect(exposed).toContain('fleet.listNodes');
    expect(exposed).toContain('fleet.onNodesChanged');
    expect(exposed).not.toContain('invoke');
  });

  it('sends invokes on their own channel and subscribes events by name', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const api = buildBridgeApi(channelList(contract), { invoke, subscribe });
    await api.fleet.getSummary({ workspaceIds: ['training'] });
    expect(invoke).toHaveBeenCalledWith('fleet:get-summary', { workspaceIds: ['training'] });
    const stop = api.fleet.onSyncProgressed(() => {});
    expect(subscribe).toHaveBeenCalledWith('fleet:sync-progressed', expect.any(Function));
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('refuses a listener that is not a function', () => {
    const api = buildBridgeApi(channelList(contract), { invoke: vi.fn(), subscribe: vi.fn() });
    expect(() => api.fleet.onNodesChanged('x' as never)).toThrow(TypeError);
  });

  it('derives method names like the type does', () => {
    expect(methodNameFor('workspaces:selection-changed', 'event')).toEqual({ capability: 'workspaces', method: 'onSelectionChanged' });
    expect(methodNameFor('fleet:cancel-refresh', 'invoke')).toEqual({ capability: 'fleet', method: 'cancelRefresh' });
  });
});
