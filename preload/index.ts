import { contextBridge, ipcRenderer } from 'electron';
import { buildBridgeApi, channelList } from './contract/bridge-api';
import { contract } from './contract/index';

// The page gets one function per contract entry and never ipcRenderer itself (ARCHITECTURE.md,
// "Processes and trust"); main validates sender and payload again on every call.
const api = buildBridgeApi(channelList(contract), {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (channel, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('capstan', api);
