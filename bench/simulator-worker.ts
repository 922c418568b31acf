import type { AddressInfo, Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { startSimulator } from '../main/simulator/server';
import type { SimulatorOptions } from '../main/simulator/server';

/**
 * The training fleet in a worker thread of the bench's process, so that the session bench can
 * measure the protocol client on its own thread, as it runs against a remote agent in production,
 * while the simulated agent works on another. Messages: `stream` → SessionControls.streamOutput;
 * `bare` → a plain ws server (the ceiling) that sends `bytes` in `frame`-byte binary messages to
 * each connection, as fast as the socket takes them; `close` → stops both.
 */

/** A request from the bench thread. */
export type SimulatorWorkerRequest =
  | { kind: 'stream'; id: number; sessionId: string; bytes: number }
  | { kind: 'bare'; bytes: number; frame: number }
  | { kind: 'close' };

/** A reply to the bench thread. */
export type SimulatorWorkerReply =
  | { kind: 'ready'; endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; target: string }
  | { kind: 'streamed'; id: number; error?: string }
  | { kind: 'bare-ready'; port: number }
  | { kind: 'closed' };

const port = parentPort;
if (!port) throw new Error('simulator-worker.ts runs only as a worker thread.');
const sim = await startSimulator(workerData as SimulatorOptions);
const target = sim.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId ?? '';
const reply = (message: SimulatorWorkerReply): void => port.postMessage(message);
port.on('message', (request: SimulatorWorkerRequest) => {
  if (request.kind === 'stream') {
    sim.sessions.streamOutput(request.sessionId, request.bytes).then(
      () => reply({ kind: 'streamed', id: request.id }),
      (error: unknown) => reply({ kind: 'streamed', id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  if (request.kind === 'bare') {
    bare?.close();
    bare = bareServer(request.bytes, request.frame, (p) => reply({ kind: 'bare-ready', port: p }));
    return;
  }
  for (const ws of bare?.clients ?? []) ws.terminate();
  bare?.close();
  void sim.close().then(() => reply({ kind: 'closed' }));
});

let bare: WebSocketServer | undefined;

function bareServer(bytes: number, frame: number, onListening: (port: number) => void): WebSocketServer {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  server.once('listening', () => onListening((server.address() as AddressInfo).port));
  const payload = Buffer.alloc(frame, 0x41);
  const HIGH = 4 * 1024 * 1024;
  server.on('connection', (ws) => {
    const raw = (ws as unknown as { _socket: Socket })._socket;
    let left = bytes;
    const pump = (): void => {
      // One corked burst per turn, as the agent writes; wait for the kernel when ws's buffer is full.
      raw.cork();
      while (left > 0 && ws.bufferedAmount < HIGH) {
        const n = Math.min(frame, left);
        ws.send(n === frame ? payload : payload.subarray(0, n));
        left -= n;
      }
      raw.uncork();
      if (left === 0) return;
      if (ws.bufferedAmount >= HIGH) raw.once('drain', pump);
      else setImmediate(pump);
    };
    pump();
  });
  return server;
}
reply({
  kind: 'ready',
  endpoint: sim.endpoint,
  region: sim.region,
  accessKeyId: sim.credentials.accessKeyId,
  secretAccessKey: sim.credentials.secretAccessKey,
  target,
});
