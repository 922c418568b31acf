import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ResumeSessionCommand, SSMClient, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { WebSocket } from 'ws';
import { DataChannelClient } from '../main/sessions/protocol/data-channel-client';
import type { ChannelState } from '../main/sessions/protocol/data-channel-types';
import { startSimulator } from '../main/simulator/server';
import type { SimulatorOptions } from '../main/simulator/server';
import { atLeast, info, percentile, under, type Metric } from './harness';
import type { SimulatorWorkerReply, SimulatorWorkerRequest } from './simulator-worker';

/**
 * Session output and keystroke latency (issue 3, deliverable 7), against the training fleet started
 * with startSimulator in this process and sessions opened with the real SSM StartSession:
 * - protocol throughput: the agent's bench-only generated output (SessionControls.streamOutput,
 *   1024-byte Output messages) through DataChannelClient, so the figure is the protocol's, not the
 *   PTY's. Budgeted with the simulator in a worker thread, as a remote agent would be: the client's
 *   thread does the client's work only. With the simulator on the client's own thread (the app's
 *   training fleet) for context;
 * - the ceiling: the same bytes in 1024-byte messages from a bare ws server in the same worker to a
 *   ws client here, no protocol;
 * - the real PTY path (`head -c … /dev/zero | base64` in the shell), for context;
 * - keystroke-to-echo through the real shell: one byte sent, time until its echo arrives.
 * Throughputs are medians of several runs; MB is 10^6 bytes, as in ARCHITECTURE.md's budget.
 * CAPSTAN_BENCH_SESSION_MB sets the megabytes per throughput run (default 32).
 */

const RUNS = 5;
const MB = 1_000_000;
const BYTES = Math.round(Number(process.env.CAPSTAN_BENCH_SESSION_MB ?? 32) * MB);
const FRAME = 1024;
const ECHO_WARMUP = 50;
const ECHO_SAMPLES = 400;
const RUN_TIMEOUT_MS = 120_000;

/** Session output throughput (protocol, bare WebSocket, PTY) and keystroke echo latency. */
export async function sessionsBench(): Promise<Metric[]> {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-sessions-'));
  const options: SimulatorOptions = { nodes: 10, seed: 3, port: 0, sessions: { firstOutputDelayMs: 20, sandboxRoot: dir } };
  const worker = await workerFleet(options);
  try {
    const protocol: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so a burst of load on the machine hits both series alike.
      protocol.push(await protocolThroughput(worker));
      bare.push(await bareWebSocketThroughput(worker));
    }
    const pty = await ptyThroughput(worker);
    const echo = await echoLatency(worker);
    const sameThread: number[] = [];
    const local = await inThreadFleet(options);
    try {
      for (let run = 0; run < 3; run++) sameThread.push(await protocolThroughput(local));
    } finally {
      await local.close();
    }
    const protocolMbps = median(protocol);
    const bareMbps = median(bare);
    return [
      atLeast('session output throughput, protocol client (median)', protocolMbps, 'MB/s', 20),
      info('protocol client, slowest run', Math.min(...protocol), 'MB/s'),
      info('protocol client, fastest run', Math.max(...protocol), 'MB/s'),
      info('bare WebSocket ceiling, 1024-byte messages (median)', bareMbps, 'MB/s'),
      info('protocol client / bare WebSocket', (protocolMbps / bareMbps) * 100, '%'),
      info('protocol client, simulator on the same thread (median of 3)', median(sameThread), 'MB/s'),
      info('real PTY path, base64 through the shell (median of 3)', pty, 'MB/s'),
      info('keystroke echo p50', percentile(echo, 50), 'ms'),
      under('keystroke echo p95', percentile(echo, 95), 'ms', 5),
      info('bytes per throughput run', BYTES / MB, 'MB'),
      info('machine load average (1 min) before the bench', loadBefore, ''),
      info('machine load average (1 min) after the bench', loadavg()[0] ?? 0, ''),
    ];
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A running training fleet, wherever it runs, and an SSM client for it. */
interface BenchFleet {
  readonly ssm: SSMClient;
  readonly target: string;
  /** SessionControls.streamOutput of that fleet. */
  streamOutput(sessionId: string, bytes: number): Promise<void>;
  /** Starts a bare ws server sending `bytes` to each connection; resolves with its port. */
  bareServer(bytes: number): Promise<number>;
  close(): Promise<void>;
}

function ssmFor(endpoint: string, region: string, accessKeyId: string, secretAccessKey: string): SSMClient {
  return new SSMClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey } });
}

async function inThreadFleet(options: SimulatorOptions): Promise<BenchFleet> {
  const sim = await startSimulator(options);
  const ssm = ssmFor(sim.endpoint, sim.region, sim.credentials.accessKeyId, sim.credentials.secretAccessKey);
  const target = sim.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId;
  if (!target) throw new Error('The bench fleet has no online node.');
  return {
    ssm,
    target,
    streamOutput: (sessionId, bytes) => sim.sessions.streamOutput(sessionId, bytes),
    bareServer: () => Promise.reject(new Error('The bare ceiling runs in the worker only.')),
    close: async () => {
      ssm.destroy();
      await sim.close();
    },
  };
}

async function workerFleet(options: SimulatorOptions): Promise<BenchFleet> {
  // Node 20 starts no .ts worker even with `--import tsx` (see main/store/store.ts): an eval'd
  // bootstrap registers tsx through its ESM API, then imports the worker.
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  const api = pathToFileURL(resolvePath(dirname(manifest), exports['./esm/api']?.import?.default ?? '')).href;
  const entry = new URL('./simulator-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let bareWaiter: ((port: number) => void) | undefined;
  let closed: (() => void) | undefined;
  let nextId = 0;
  const ready = new Promise<Extract<SimulatorWorkerReply, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: SimulatorWorkerReply) => {
      if (reply.kind === 'ready') resolve(reply);
      else if (reply.kind === 'bare-ready') bareWaiter?.(reply.port);
      else if (reply.kind === 'closed') closed?.();
      else {
        const waiter = waiting.get(reply.id);
        waiting.delete(reply.id);
        if (reply.error === undefined) waiter?.resolve();
        else waiter?.reject(new Error(reply.error));
      }
    });
  });
  const info = await ready;
  if (!info.target) throw new Error('The bench fleet has no online node.');
  const ssm = ssmFor(info.endpoint, info.region, info.accessKeyId, info.secretAccessKey);
  const send = (request: SimulatorWorkerRequest): void => worker.postMessage(request);
  return {
    ssm,
    target: info.target,
    streamOutput: (sessionId, bytes) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        send({ kind: 'stream', id, sessionId, bytes });
      }),
    bareServer: (bytes) =>
      new Promise<number>((resolve) => {
        bareWaiter = resolve;
        send({ kind: 'bare', bytes, frame: FRAME });
      }),
    close: async () => {
      ssm.destroy();
      await new Promise<void>((resolve) => {
        closed = resolve;
        send({ kind: 'close' });
      });
      await worker.terminate();
    },
  };
}

/** One open session: the protocol client, its output as it arrives, and a way to end it. */
interface BenchSession {
  readonly sessionId: string;
  readonly client: DataChannelClient;
  /** Total output bytes delivered so far. */
  readonly received: () => number;
  /** Resolves once at least `total` output bytes were delivered and `match` (if any) saw a chunk it accepts. */
  readonly waitFor: (total: number, match?: (chunk: Uint8Array) => boolean) => Promise<void>;
  readonly close: () => Promise<void>;
}

async function openSession(fleet: BenchFleet): Promise<BenchSession> {
  const { ssm, target } = fleet;
  const started = await ssm.send(new StartSessionCommand({ Target: target }));
  const sessionId = started.SessionId ?? '';
  let received = 0;
  let waiter: { total: number; match: ((chunk: Uint8Array) => boolean) | undefined; resolve: () => void } | undefined;
  let closed: ChannelState | undefined;
  let fail: ((error: Error) => void) | undefined;
  const client = new DataChannelClient({
    sessionId,
    streamUrl: started.StreamUrl ?? '',
    tokenValue: started.TokenValue ?? '',
    targetId: target,
    // The PTY's own size: no SIGWINCH, so no prompt redraw lands in the middle of a measurement.
    terminalSize: { cols: 80, rows: 24 },
    resumeSession: async () => {
      const out = await ssm.send(new ResumeSessionCommand({ SessionId: sessionId }));
      return { tokenValue: out.TokenValue ?? '', ...(out.StreamUrl ? { streamUrl: out.StreamUrl } : {}) };
    },
    terminateSession: async () => {
      await ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
    },
    onOutput: (chunk) => {
      received += chunk.length;
      if (waiter && (waiter.match === undefined || waiter.match(chunk)) && received >= waiter.total) {
        const done = waiter;
        waiter = undefined;
        done.resolve();
      }
    },
    onStateChange: (state) => {
      if (state.kind === 'closed') {
        closed = state;
        fail?.(new Error(`Session closed during the bench: ${state.reason}`));
      }
    },
  });
  const waitFor = (total: number, match?: (chunk: Uint8Array) => boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (closed) {
        reject(new Error(`Session closed: ${closed.kind === 'closed' ? closed.reason : ''}`));
        return;
      }
      const timer = setTimeout(() => reject(new Error(`No output (${received}/${total} bytes) within ${RUN_TIMEOUT_MS} ms.`)), RUN_TIMEOUT_MS);
      fail = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      waiter = {
        total,
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  client.start();
  // The prompt ends in "$ " or, as root, "# " (pty-runner's PS1): the shell is idle and reading input.
  await waitFor(1, (chunk) => {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    return text.endsWith('$ ') || text.endsWith('# ');
  });
  return { sessionId, client, received: () => received, waitFor, close: () => client.terminate() };
}

async function protocolThroughput(fleet: BenchFleet): Promise<number> {
  const session = await openSession(fleet);
  try {
    const base = session.received();
    const started = performance.now();
    const acked = fleet.streamOutput(session.sessionId, BYTES);
    await session.waitFor(base + BYTES);
    const seconds = (performance.now() - started) / 1000;
    await acked;
    const extra = session.received() - base - BYTES;
    if (extra !== 0) throw new Error(`Protocol run delivered ${extra} bytes more than generated.`);
    return BYTES / MB / seconds;
  } finally {
    await session.close();
  }
}

async function ptyThroughput(fleet: BenchFleet): Promise<number> {
  // base64 turns 3 bytes into 4 and adds a newline per 76 characters (CR LF through the PTY).
  const raw = Math.floor((BYTES * 3) / 4 / 57) * 57;
  const expected = (raw / 57) * 78;
  const runs: number[] = [];
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const session = await openSession(fleet);
    try {
      const base = session.received();
      const started = performance.now();
      session.client.sendInput(Buffer.from(`head -c ${raw} /dev/zero | base64\r`, 'utf8'));
      await session.waitFor(base + expected);
      runs.push(expected / MB / ((performance.now() - started) / 1000));
    } finally {
      await session.close();
    }
  }
  return median(runs);
}

async function echoLatency(fleet: BenchFleet): Promise<number[]> {
  const session = await openSession(fleet);
  const samples: number[] = [];
  try {
    for (let i = 0; i < ECHO_WARMUP + ECHO_SAMPLES; i++) {
      // Type a letter, then rub it out: the line never grows and every key has a visible echo.
      const key = i % 2 === 0 ? 0x78 : 0x7f;
      const echoed = session.waitFor(session.received() + 1, (chunk) => key !== 0x78 || chunk.includes(key));
      const started = performance.now();
      session.client.sendInput(Uint8Array.of(key));
      await echoed;
      if (i >= ECHO_WARMUP) samples.push(performance.now() - started);
    }
  } finally {
    await session.close();
  }
  return samples;
}

async function bareWebSocketThroughput(fleet: BenchFleet): Promise<number> {
  const port = await fleet.bareServer(BYTES);
  return new Promise<number>((resolve, reject) => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    let received = 0;
    let started = performance.now();
    client.on('open', () => {
      started = performance.now();
    });
    client.on('message', (data: Buffer) => {
      received += data.length;
      if (received < BYTES) return;
      resolve(BYTES / MB / ((performance.now() - started) / 1000));
      client.close();
    });
    client.on('error', reject);
  });
}

function median(values: number[]): number {
  return percentile(values, 50);
}
