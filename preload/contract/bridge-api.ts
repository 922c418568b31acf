import type { z } from 'zod';
import type { Result } from './define';
import type { Contract, EventChannel, InvokeChannel } from './index';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type Capability<C extends string> = C extends `${infer K}:${string}` ? K : never;
type Verb<C extends string> = C extends `${string}:${infer V}` ? V : never;

type RequestOf<C extends InvokeChannel> = z.input<Contract[C]['request']>;
type ResponseOf<C extends InvokeChannel> = z.output<Contract[C]['response']>;
type PayloadOf<C extends EventChannel> = z.output<Contract[C]['payload']>;

/** Method name for a channel: `fleet:list-nodes` → `listNodes`, event `fleet:nodes-changed` → `onNodesChanged`. */
export type MethodName<C extends string> = C extends EventChannel ? `on${Capitalize<Camel<Verb<C>>>}` : Camel<Verb<C>>;

type MethodOf<C extends string> = C extends InvokeChannel
  ? (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
  : C extends EventChannel
    ? (listener: (payload: PayloadOf<C>) => void) => () => void
    : never;

/** What the page sees as `window.capstan`: one function per contract entry, grouped by capability. */
export type BridgeApi = {
  [K in Capability<keyof Contract & string>]: {
    [C in keyof Contract & string as C extends `${K}:${string}` ? MethodName<C> : never]: MethodOf<C>;
  };
};

/** How a bridge reaches main: Electron IPC in the preload, a loopback WebSocket in the test host. */
export interface BridgeTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Turns a channel name into its method name at run time (mirrors `MethodName`). */
export function methodNameFor(channel: string, kind: 'invoke' | 'event'): { capability: string; method: string } {
  const [capability, verb] = channel.split(':') as [string, string];
  const camel = verb.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  const method = kind === 'event' ? `on${camel.charAt(0).toUpperCase()}${camel.slice(1)}` : camel;
  return { capability, method };
}

/** Builds the page-facing API from the channel list; nothing outside the list is reachable. */
export function buildBridgeApi(
  channels: ReadonlyArray<{ channel: string; kind: 'invoke' | 'event' }>,
  transport: BridgeTransport,
): BridgeApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const { channel, kind } of channels) {
    const { capability, method } = methodNameFor(channel, kind);
    const group = (api[capability] ??= {});
    group[method] =
      kind === 'invoke'
        ? (request: unknown) => transport.invoke(channel, request)
        : (listener: (payload: unknown) => void) => {
            if (typeof listener !== 'function') throw new TypeError(`${channel}: listener must be a function`);
            return transport.subscribe(channel, listener);
          };
  }
  return api as unknown as BridgeApi;
}

/** The channel list of a contract, in the shape `buildBridgeApi` takes. */
export function channelList(contract: Record<string, { kind: 'invoke' | 'event' }>): Array<{ channel: string; kind: 'invoke' | 'event' }> {
  return Object.entries(contract).map(([channel, entry]) => ({ channel, kind: entry.kind }));
}
