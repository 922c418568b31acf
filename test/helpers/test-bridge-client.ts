// Bundled for the browser by the test host: the same bridge API the preload builds, carried over a
// loopback WebSocket instead of Electron IPC. Never part of the app build.
import { buildBridgeApi, channelList } from '../../preload/contract/bridge-api';
import { contract } from '../../preload/contract/index';

declare const __CAPSTAN_BRIDGE_URL__: string;

type Incoming = { id: number; result: unknown } | { event: string; payload: unknown };

const socket = new WebSocket(__CAPSTAN_BRIDGE_URL__);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('test bridge: socket failed')), { once: true });
});
const pending = new Map<number, (result: unknown) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message: MessageEvent) => {
  const data = JSON.parse(String(message.data)) as Incoming;
  if ('id' in data) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
  }
});

const api = buildBridgeApi(channelList(contract), {
  async invoke(channel, request) {
    await opened;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, request }));
    });
  },
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(window, 'capstan', { value: Object.freeze(api), writable: false });
