import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'tls');
/** The test CA that signed the front's 127.0.0.1 certificate. */
export const TEST_CA_PATH = join(FIXTURES, 'ca.pem');

/** An HTTPS server on 127.0.0.1 with the fixture certificate, forwarding every request to `upstream`. */
export interface TlsFront {
  readonly endpoint: string;
  /** Requests that completed the TLS handshake and were forwarded. */
  readonly requests: number;
  /** TLS connections accepted (kept-alive connections carry several requests). */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts the TLS front before an http upstream (the simulator). */
export async function startTlsFront(upstream: string): Promise<TlsFront> {
  const target = new URL(upstream);
  let requests = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { cert: readFileSync(join(FIXTURES, 'server.pem')), key: readFileSync(join(FIXTURES, 'server-key.pem')) },
    (req, res) => {
      requests += 1;
      const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    },
  );
  server.on('secureConnection', () => (connections += 1));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
