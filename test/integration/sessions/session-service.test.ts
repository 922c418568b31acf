import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionOutput, SessionState } from '../../../preload/contract/sessions';
import { createKmsClient } from '../../../main/aws/kms-client-factory';
import { createSsmClient, type SsmTarget } from '../../../main/aws/ssm-client-factory';
import { FleetService } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { createDataChannel } from '../../../main/sessions/data-channel-factory';
import type { SessionClients } from '../../../main/sessions/session-aws';
import type { DataChannelClientLike } from '../../../main/sessions/session-channel';
import { SessionService } from '../../../main/sessions/session-service';
import { createSessionStore } from '../../../main/sessions/session-store';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { Store } from '../../../main/store/store';

const WORKSPACE = 'training';

let dir: string;
let sim: RunningSimulator;
let store: Store;
let fleet: FleetService;
let service: SessionService;
let clients: SessionClients;
let events: Array<{ channel: string; payload: unknown; at: number }>;
let waiters: Array<() => void>;
let flow: string[];
/** When set, every output event is acked as the renderer would after xterm wrote it. */
let autoAck: boolean;

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise<void>((resolve) => waiters.push(resolve));
}

function outputOf(sessionId: string): SessionOutput[] {
  return events.filter((e) => e.channel === 'sessions:output-received').map((e) => e.payload as SessionOutput).filter((o) => o.sessionId === sessionId);
}
function textOf(sessionId: string): string {
  return outputOf(sessionId).map((o) => o.data).join('');
}
function lastState(sessionId: string): SessionState | undefined {
  return events
    .filter((e) => e.channel === 'sessions:state-changed')
    .map((e) => e.payload as { sessionId: string; state: SessionState })
    .filter((p) => p.sessionId === sessionId)
    .at(-1)?.state;
}

function onlineLinuxNode(): string {
  const node = sim.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux');
  if (!node) throw new Error('the seed has no online Linux node');
  return node.InstanceId;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-session-int-'));
  events = [];
  waiters = [];
  flow = [];
  autoAck = true;
  sim = await startSimulator({ nodes: 10, seed: 1, port: 0, sessions: { firstOutputDelayMs: 20, sandboxRoot: join(dir, 'sandboxes') } });
  store = await Store.open({ file: join(dir, 'cache.db') });
  const target: SsmTarget = { kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
  clients = { ssm: createSsmClient(target, { maxAttempts: 2 }), kms: createKmsClient(target), endpoint: sim.endpoint };
  const sink = {
    emit: (channel: string, payload: unknown) => {
      events.push({ channel, payload, at: performance.now() });
      if (autoAck && channel === 'sessions:output-received') {
        const out = payload as SessionOutput;
        // The renderer acks after xterm's write callback, i.e. a tick later.
        setImmediate(() => {
          try {
            service.ackOutput(out.sessionId, out.bytes);
          } catch {
            // The session was pruned after close; nothing to release.
          }
        });
      }
      for (const w of waiters.splice(0)) w();
    },
  };
  fleet = new FleetService({
    store: createFleetStore(store),
    clientFor: async () => ({ ssm: clients.ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }),
    events: sink,
  });
  fleet.refresh(WORKSPACE, 'operator');
  await fleet.settled(WORKSPACE);
  service = new SessionService({
    store: createSessionStore(store),
    clientsFor: async () => clients,
    events: sink,
    operator: 'trainee',
    // Spy on back-pressure calls while keeping the real protocol client underneath.
    createChannel: (options) => {
      const real = createDataChannel(options);
      const spy: DataChannelClientLike = {
        get state() {
          return real.state;
        },
        start: () => real.start(),
        sendInput: (data) => real.sendInput(data),
        resize: (cols, rows) => real.resize(cols, rows),
        pauseOutput: () => {
          flow.push('pause');
          real.pauseOutput();
        },
        resumeOutput: () => {
          flow.push('resume');
          real.resumeOutput();
        },
        reconnect: () => real.reconnect(),
        terminate: () => real.terminate(),
        forceClose: (reason) => real.forceClose(reason),
      };
      return spy;
    },
  });
});

afterEach(async () => {
  await service?.close(2000);
  await fleet?.close();
  clients?.ssm.destroy();
  clients?.kms.destroy();
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sessions against the training fleet', () => {
  it('opens a shell, echoes, exits with code 0 and records open and close', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineLinuxNode(), cols: 100, rows: 30 });
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    service.sendInput(info.sessionId, 'echo hel""lo-$((6*7))\r');
    await until(() => textOf(info.sessionId).includes('hello-42'));
    service.sendInput(info.sessionId, 'exit\r');
    await until(() => lastState(info.sessionId)?.kind === 'closed');
    expect(lastState(info.sessionId)).toMatchObject({ kind: 'closed', exitCode: 0 });

    await service.close(2000);
    const history = await service.list(WORKSPACE, 'History');
    expect(history.find((r) => r.sessionId === info.sessionId)).toMatchObject({
      source: 'both',
      operator: 'trainee',
      exitCode: 0,
      instanceId: info.instanceId,
      endedAt: expect.any(Number),
    });
  });

  it('opens a KMS-encrypted session with GenerateDataKey on the same endpoint', async () => {
    const instanceId = onlineLinuxNode();
    sim.sessions.requireKms(instanceId);
    const info = await service.start({ workspaceId: WORKSPACE, instanceId, cols: 80, rows: 24 });
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    expect(lastState(info.sessionId)).toEqual({ kind: 'connected', encrypted: true });
    expect(sim.calls.count('TrentService.GenerateDataKey')).toBe(1);
    service.sendInput(info.sessionId, 'echo sec""ret\r');
    await until(() => textOf(info.sessionId).includes('secret'));
  });

  it('keeps a flood under back-pressure: pauses, resumes, loses nothing, and stays near 60 events a second', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineLinuxNode(), cols: 80, rows: 24 });
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    autoAck = false;
    // ~1.2 MB of `yes`, then a marker the shell prints only after it.
    service.sendInput(info.sessionId, 'yes | head -n 600000; echo DO""NE\r');
    await until(() => flow.includes('pause'));
    // Now behave like the renderer: ack each event after writing it; the rest must follow.
    const unacked = outputOf(info.sessionId).reduce((n, o) => n + o.bytes, 0);
    service.ackOutput(info.sessionId, unacked);
    autoAck = true;
    const floodStart = performance.now();
    const countBefore = outputOf(info.sessionId).length;
    await until(() => /DONE/.test(textOf(info.sessionId)));
    const seconds = (performance.now() - floodStart) / 1000;
    const rate = (outputOf(info.sessionId).length - countBefore) / Math.max(seconds, 1);

    expect(flow).toContain('resume');
    const text = textOf(info.sessionId);
    expect(text.split('y\r\n').length - 1).toBeGreaterThanOrEqual(600000);
    expect(rate).toBeLessThanOrEqual(70);
    console.info(`flood: ${outputOf(info.sessionId).length} events, ${(seconds * 1000).toFixed(0)} ms after the first pause, ${rate.toFixed(1)} events/s, pauses ${flow.filter((f) => f === 'pause').length}`);
  });

  it('force-closes at once while the agent is stalled', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineLinuxNode(), cols: 80, rows: 24 });
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    sim.sessions.stallAgent(info.sessionId);
    service.forceClose(info.sessionId);
    expect(lastState(info.sessionId)).toMatchObject({ kind: 'closed', exitCode: null });
    await service.close(2000);
    const [record] = await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'History', limit: 5 });
    expect(record).toMatchObject({ sessionId: info.sessionId, closeReason: 'Closed by the operator' });
  });

  it('reconnects through ResumeSession after the service closes the socket, and the shell carries on', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineLinuxNode(), cols: 80, rows: 24 });
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    sim.sessions.closeSocket(info.sessionId);
    await until(() => lastState(info.sessionId)?.kind === 'reconnecting');
    await until(() => lastState(info.sessionId)?.kind === 'connected');
    expect(sim.calls.count('ResumeSession')).toBeGreaterThanOrEqual(1);
    service.sendInput(info.sessionId, 'echo back""again\r');
    await until(() => textOf(info.sessionId).includes('backagain'));
    const seen = JSON.stringify(events);
    expect(seen).not.toMatch(/ws:\/\/127\.0\.0\.1/);
  });
});

describe('sessions through the core router', () => {
  it('validates input, refuses foreign session ids, and ends and records every session when the app closes', async () => {
    const { createCore } = await import('../../../main/core');
    const userDataDir = join(dir, 'core');
    const core = await createCore({
      userDataDir,
      appVersion: '0.0.0-test',
      platform: 'linux',
      openExternal: async () => {},
      env: { HOME: join(dir, 'home') },
      trainingFleet: { nodes: 10, seed: 1 },
    });
    const seen: Array<{ channel: string; payload: unknown }> = [];
    const wake: Array<() => void> = [];
    core.router.subscribe((channel, payload) => {
      seen.push({ channel, payload });
      for (const w of wake.splice(0)) w();
    });
    const waitUntil = async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise<void>((resolve) => wake.push(resolve));
    };
    const trusted = { trusted: true, label: 'test' };
    try {
      await waitUntil(() => seen.some((e) => e.channel === 'fleet:sync-progressed' && (e.payload as { phase: string }).phase === 'succeeded'));
      const training = await core.trainingFleet();
      const node = training?.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux');
      if (!node) throw new Error('no online Linux node in the training fleet');

      const tooNarrow = await core.router.handle('sessions:start-session', trusted, { workspaceId: WORKSPACE, instanceId: node.InstanceId, cols: 1, rows: 24 });
      expect(tooNarrow).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
      const foreign = await core.router.handle('sessions:send-input', trusted, { sessionId: 'someone-else-0123456789', data: 'id\r' });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'NotFound' } });

      const started = await core.router.handle('sessions:start-session', trusted, { workspaceId: WORKSPACE, instanceId: node.InstanceId, cols: 80, rows: 24 });
      if (!started.ok) throw new Error(`start failed: ${started.error.code} ${started.error.message}`);
      const { sessionId } = started.value as { sessionId: string };
      const stateOf = (): string | undefined =>
        (seen.filter((e) => e.channel === 'sessions:state-changed' && (e.payload as { sessionId: string }).sessionId === sessionId).at(-1)?.payload as
          | { state: SessionState }
          | undefined)?.state.kind;
      await waitUntil(() => stateOf() === 'connected');
      const open = await core.router.handle('sessions:get-open-sessions', trusted, {});
      expect(open).toMatchObject({ ok: true, value: { sessions: [{ sessionId, state: { kind: 'connected' } }] } });
      expect(JSON.stringify(seen)).not.toMatch(/ws:\/\/|TokenValue/);
    } finally {
      await core.close();
    }
    expect(seen.filter((e) => e.channel === 'sessions:state-changed').at(-1)?.payload).toMatchObject({ state: { kind: 'closed' } });

    // The close reached the store before it shut: reopen the file and read the record.
    const reopened = await Store.open({ file: join(userDataDir, 'cache.db') });
    try {
      const history = await reopened.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'History', limit: 5 });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ endedAt: expect.any(Number), closeReason: expect.any(String) });
      expect(await reopened.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'Active', limit: 5 })).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
