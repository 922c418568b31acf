import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionOutput, SessionState } from '../../../../preload/contract/sessions';
import { createKmsClient } from '../../../../main/aws/kms-client-factory';
import { createSsmClient, type SsmTarget } from '../../../../main/aws/ssm-client-factory';
import { AppError } from '../../../../main/errors/app-error';
import { FleetService } from '../../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../../main/fleet/fleet-store';
import type { SessionClients } from '../../../../main/sessions/session-aws';
import type { ChannelOptions, DataChannelClientLike } from '../../../../main/sessions/session-channel';
import { SessionService } from '../../../../main/sessions/session-service';
import { createSessionStore } from '../../../../main/sessions/session-store';
import { startSimulator, type RunningSimulator } from '../../../../main/simulator/server';
import { Store } from '../../../../main/store/store';

/** A channel the test drives by hand: it records what the service asks of it. */
class FakeChannel implements DataChannelClientLike {
  state: SessionState = { kind: 'connecting' };
  calls: string[] = [];
  input: string[] = [];
  /** When false, forceClose does nothing, like a client stuck on a silent agent. */
  honoursForceClose = true;
  constructor(readonly options: ChannelOptions) {}
  start(): void {
    this.calls.push('start');
  }
  sendInput(data: Uint8Array): void {
    this.input.push(new TextDecoder().decode(data));
  }
  resize(cols: number, rows: number): void {
    this.calls.push(`resize ${cols}x${rows}`);
  }
  pauseOutput(): void {
    this.calls.push('pause');
  }
  resumeOutput(): void {
    this.calls.push('resume');
  }
  reconnect(): void {
    this.calls.push('reconnect');
  }
  async terminate(): Promise<void> {
    this.calls.push('terminate');
    await this.options.terminateSession();
    this.emit({ kind: 'closed', reason: 'Terminated by the operator', exitCode: null });
  }
  forceClose(reason: string): void {
    this.calls.push('forceClose');
    if (this.honoursForceClose) this.emit({ kind: 'closed', reason, exitCode: null });
  }
  emit(state: SessionState): void {
    this.state = state;
    this.options.onStateChange(state);
  }
}

let dir: string;
let sim: RunningSimulator;
let store: Store;
let fleet: FleetService;
let service: SessionService;
let channels: FakeChannel[];
let events: Array<{ channel: string; payload: unknown }>;
let waiters: Array<() => void>;
let clients: SessionClients;

const WORKSPACE = 'training';

function nextEvent(): Promise<void> {
  return new Promise((resolve) => waiters.push(resolve));
}

/** Resolves once the predicate holds, re-checking on every emitted event. */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await nextEvent();
}

function outputs(sessionId: string): SessionOutput[] {
  return events.filter((e) => e.channel === 'sessions:output-received').map((e) => e.payload as SessionOutput).filter((o) => o.sessionId === sessionId);
}

function states(sessionId: string): SessionState[] {
  return events
    .filter((e) => e.channel === 'sessions:state-changed')
    .map((e) => e.payload as { sessionId: string; state: SessionState })
    .filter((p) => p.sessionId === sessionId)
    .map((p) => p.state);
}

function onlineNode(): string {
  const node = sim.nodes.find((n) => n.info.PingStatus === 'Online');
  if (!node) throw new Error('the seed has no online node');
  return node.InstanceId;
}

async function rejection(work: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-sessions-'));
  events = [];
  waiters = [];
  channels = [];
  sim = await startSimulator({ nodes: 10, seed: 1, port: 0 });
  store = await Store.open({ file: join(dir, 'cache.db') });
  const target: SsmTarget = { kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
  clients = { ssm: createSsmClient(target, { maxAttempts: 2 }), kms: createKmsClient(target), endpoint: sim.endpoint };
  const sink = {
    emit: (channel: string, payload: unknown) => {
      events.push({ channel, payload });
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
    operator: 'jane',
    highWaterMark: 1000,
    lowWaterMark: 100,
    createChannel: (options) => {
      const channel = new FakeChannel(options);
      channels.push(channel);
      return channel;
    },
  });
});

afterEach(async () => {
  await service?.close(100);
  await fleet?.close();
  clients?.ssm.destroy();
  clients?.kms.destroy();
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SessionService with a hand-driven channel', () => {
  it('starts a shell on an online node, records the open, and keeps token and stream URL in main', async () => {
    const instanceId = onlineNode();
    const info = await service.start({ workspaceId: WORKSPACE, instanceId, cols: 120, rows: 40 });
    const [cached] = (await fleet.listNodes({ workspaceIds: [WORKSPACE], filter: instanceId, sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1 })).rows;
    expect(info).toMatchObject({ workspaceId: WORKSPACE, instanceId, nodeName: cached?.name, state: { kind: 'connecting' } });
    expect(info.nodeName).not.toBe('');
    expect(sim.calls.count('StartSession')).toBe(1);
    const channel = channels[0] as FakeChannel;
    expect(channel.options).toMatchObject({ sessionId: info.sessionId, terminalSize: { cols: 120, rows: 40 } });
    expect(channel.options.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/data-channel\//);
    expect(channel.calls).toEqual(['start']);

    const [record] = await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'Active', limit: 10 });
    expect(record).toMatchObject({ sessionId: info.sessionId, instanceId, operator: 'jane', closeReason: null });

    channel.emit({ kind: 'connected', encrypted: false });
    channel.options.onOutput(new TextEncoder().encode('$ '), 'stdout');
    await until(() => outputs(info.sessionId).length > 0);
    const visible = JSON.stringify([info, events, service.openSessions()]);
    expect(visible).not.toContain(channel.options.tokenValue);
    expect(visible).not.toContain(channel.options.streamUrl);
  });

  it('refuses an offline node with TargetNotConnected before calling AWS', async () => {
    const offline = sim.nodes.find((n) => n.info.PingStatus !== 'Online');
    if (!offline) throw new Error('the seed has no offline node');
    const error = await rejection(service.start({ workspaceId: WORKSPACE, instanceId: offline.InstanceId, cols: 80, rows: 24 }));
    expect(error.code).toBe('TargetNotConnected');
    expect(error.message).toContain(offline.InstanceId);
    expect(sim.calls.count('StartSession')).toBe(0);
  });

  it('refuses a node the workspace cache does not hold', async () => {
    const error = await rejection(service.start({ workspaceId: WORKSPACE, instanceId: 'i-0123456789abcdef0', cols: 80, rows: 24 }));
    expect(error.code).toBe('NotFound');
    expect(sim.calls.count('StartSession')).toBe(0);
  });

  it('shows AWS\'s TargetNotConnected when the cache says Online but the node went offline', async () => {
    const instanceId = onlineNode();
    sim.setNodePing(instanceId, 'ConnectionLost');
    const error = await rejection(service.start({ workspaceId: WORKSPACE, instanceId, cols: 80, rows: 24 }));
    expect(error.code).toBe('TargetNotConnected');
    expect(error.kind).toBe('aws');
    expect(await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'Active', limit: 10 })).toEqual([]);
  });

  it('only accepts session ids it opened', async () => {
    for (const act of [
      () => service.sendInput('someone-else-0123', 'ls\n'),
      () => service.resize('someone-else-0123', 80, 24),
      () => service.ackOutput('someone-else-0123', 10),
      () => service.reconnect('someone-else-0123'),
      () => service.terminate('someone-else-0123'),
      () => service.forceClose('someone-else-0123'),
    ]) {
      expect((await rejection(act)).code).toBe('NotFound');
    }
  });

  it('forwards keystrokes and resizes to the channel', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    service.sendInput(info.sessionId, 'echo héllo\r');
    service.resize(info.sessionId, 100, 30);
    expect(channels[0]?.input).toEqual(['echo héllo\r']);
    expect(channels[0]?.calls).toContain('resize 100x30');
  });

  it('pauses the channel above the high-water mark and resumes when the renderer has written enough', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const channel = channels[0] as FakeChannel;
    channel.options.onOutput(new Uint8Array(600).fill(0x79), 'stdout');
    channel.options.onOutput(new Uint8Array(600).fill(0x79), 'stdout');
    expect(channel.calls).toContain('pause');
    await until(() => outputs(info.sessionId).reduce((n, o) => n + o.bytes, 0) === 1200);
    service.ackOutput(info.sessionId, 1000);
    expect(channel.calls).not.toContain('resume');
    service.ackOutput(info.sessionId, 150);
    expect(channel.calls.filter((c) => c === 'resume')).toHaveLength(1);
  });

  it('shows the last output before "closed", records the exit code, and refuses input afterwards', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const channel = channels[0] as FakeChannel;
    channel.options.onOutput(new TextEncoder().encode('logout\r\n'), 'stdout');
    channel.emit({ kind: 'closed', reason: 'The shell exited', exitCode: 0 });

    const order = events.filter((e) => (e.payload as { sessionId?: string }).sessionId === info.sessionId).map((e) => e.channel);
    expect(order).toEqual(['sessions:output-received', 'sessions:state-changed']);
    expect(states(info.sessionId)).toEqual([{ kind: 'closed', reason: 'The shell exited', exitCode: 0 }]);
    expect((await rejection(() => service.sendInput(info.sessionId, 'ls'))).code).toBe('SessionClosed');

    await service.close(100);
    const [record] = await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'History', limit: 10 });
    expect(record).toMatchObject({ sessionId: info.sessionId, exitCode: 0, closeReason: 'The shell exited', endedAt: expect.any(Number) });
  });

  it('force-close ends the session at once even when the client does not', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const channel = channels[0] as FakeChannel;
    channel.honoursForceClose = false;
    service.forceClose(info.sessionId);
    expect(states(info.sessionId).at(-1)).toMatchObject({ kind: 'closed', exitCode: null });
    expect(service.openSessions().find((s) => s.sessionId === info.sessionId)?.state.kind).toBe('closed');
    // A late close from the client changes nothing the operator already saw.
    channel.honoursForceClose = true;
    channel.emit({ kind: 'closed', reason: 'late', exitCode: 1 });
    expect(states(info.sessionId)).toHaveLength(1);
  });

  it('never passes a token or stream URL to the renderer inside a state reason', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const channel = channels[0] as FakeChannel;
    const { tokenValue, streamUrl } = channel.options;
    channel.emit({ kind: 'reconnecting', attempt: 1, reason: `socket to ${streamUrl} lost (token ${tokenValue})` });
    const text = JSON.stringify(states(info.sessionId));
    expect(text).not.toContain(tokenValue);
    expect(text).not.toContain(streamUrl);
    expect(states(info.sessionId)[0]).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('rotates the token through ResumeSession for the channel', async () => {
    await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const channel = channels[0] as FakeChannel;
    const resumed = await channel.options.resumeSession();
    expect(sim.calls.count('ResumeSession')).toBe(1);
    expect(resumed.tokenValue).not.toBe(channel.options.tokenValue);
  });

  it('terminates through TerminateSession and lists the session as History from AWS and the local record', async () => {
    const info = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const active = await service.list(WORKSPACE, 'Active');
    expect(active.find((s) => s.sessionId === info.sessionId)).toMatchObject({ source: 'both', operator: 'jane' });

    await service.terminate(info.sessionId);
    expect(sim.calls.count('TerminateSession')).toBe(1);
    await service.close(100); // waits for the close record
    const history = await service.list(WORKSPACE, 'History');
    const row = history.find((s) => s.sessionId === info.sessionId);
    expect(row).toMatchObject({
      source: 'both',
      instanceId: info.instanceId,
      nodeName: info.nodeName,
      operator: 'jane',
      closeReason: 'Terminated by the operator',
      endedAt: expect.any(Number),
    });
    expect(row?.owner).toMatch(/^arn:aws:/);
  });

  it('ends every open session at quit with TerminateSession and records each close', async () => {
    const first = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    const second = await service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 });
    await service.close(1000);
    expect(sim.calls.count('TerminateSession')).toBe(2);
    const history = await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'History', limit: 10 });
    expect(history.map((r) => r.sessionId).sort()).toEqual([first.sessionId, second.sessionId].sort());
    expect((await rejection(service.start({ workspaceId: WORKSPACE, instanceId: onlineNode(), cols: 80, rows: 24 }))).code).toBe('ShuttingDown');
  });
});
