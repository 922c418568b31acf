import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../preload/contract/audit';
import type { SessionState } from '../../../preload/contract/sessions';
import { createActorResolver, trainingPrincipal } from '../../../main/audit/audit-actor';
import { AuditLog } from '../../../main/audit/audit-log';
import { createAuditRecorder } from '../../../main/audit/audit-recorder';
import { createKmsClient } from '../../../main/aws/kms-client-factory';
import { createSsmClient, type SsmTarget } from '../../../main/aws/ssm-client-factory';
import { FleetService } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { createDataChannel } from '../../../main/sessions/data-channel-factory';
import type { SessionClients } from '../../../main/sessions/session-aws';
import { SessionService } from '../../../main/sessions/session-service';
import { createSessionStore } from '../../../main/sessions/session-store';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { Store } from '../../../main/store/store';

// The session service's audit entries, against the simulator and a real audit file: who opened a
// shell where, how it ended, and the opens that failed.

const WORKSPACE = 'training';
let dir: string;
let sim: RunningSimulator;
let store: Store;
let fleet: FleetService;
let service: SessionService;
let clients: SessionClients;
let audit: AuditLog;
let appended: AuditEntry[];
let states: Array<{ sessionId: string; state: SessionState }>;
let wake: Array<() => void>;

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise<void>((resolve) => wake.push(resolve));
}
const poke = () => {
  for (const w of wake.splice(0)) w();
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-audit-sessions-'));
  appended = [];
  states = [];
  wake = [];
  sim = await startSimulator({ nodes: 12, seed: 1, port: 0, sessions: { firstOutputDelayMs: 10, sandboxRoot: join(dir, 'sandboxes') } });
  store = await Store.open({ file: join(dir, 'cache.db') });
  audit = await AuditLog.open({ file: join(dir, 'audit.jsonl') });
  audit.onAppended((entry) => {
    appended.push(entry);
    poke();
  });
  const target: SsmTarget = { kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
  clients = { ssm: createSsmClient(target, { maxAttempts: 2 }), kms: createKmsClient(target), endpoint: sim.endpoint };
  const sink = {
    emit: (channel: string, payload: unknown) => {
      if (channel === 'sessions:state-changed') states.push(payload as { sessionId: string; state: SessionState });
      poke();
    },
  };
  fleet = new FleetService({
    store: createFleetStore(store),
    clientFor: async () => ({ ssm: clients.ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }),
    events: sink,
  });
  fleet.refresh(WORKSPACE, 'operator');
  await fleet.settled(WORKSPACE);
  const resolveActor = createActorResolver({
    operator: 'trainee',
    describe: async () => ({ accountId: sim.accountId, region: sim.region, principal: trainingPrincipal(sim.accountId) }),
  });
  service = new SessionService({
    store: createSessionStore(store),
    clientsFor: async () => clients,
    events: sink,
    operator: 'trainee',
    createChannel: createDataChannel,
    audit: createAuditRecorder(audit, resolveActor, 'trainee'),
  });
});

afterEach(async () => {
  await service?.close(2000);
  await fleet?.close();
  clients?.ssm.destroy();
  clients?.kms.destroy();
  await audit?.close();
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function nodeWith(ping: string) {
  const node = sim.nodes.find((n) => n.info.PingStatus === ping && n.info.PlatformType === 'Linux');
  if (!node) throw new Error(`the seed has no ${ping} Linux node`);
  return node.InstanceId;
}

describe('session entries in the audit log', () => {
  it('records the open with node and session id before the shell runs, and the close with its exit code', async () => {
    const instanceId = nodeWith('Online');
    const info = await service.start({ workspaceId: WORKSPACE, instanceId, cols: 80, rows: 24 });
    // Durable before start() returned: the shell never runs unrecorded.
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({
      seq: 1,
      action: 'session.opened',
      outcome: 'succeeded',
      targets: [instanceId],
      actor: { operator: 'trainee', principal: `arn:aws:iam::${sim.accountId}:user/training-operator`, workspaceId: WORKSPACE, accountId: sim.accountId, region: sim.region },
      detail: { sessionId: info.sessionId, instanceId, nodeName: info.nodeName },
    });
    await until(() => states.some((s) => s.sessionId === info.sessionId && s.state.kind === 'connected'));
    service.sendInput(info.sessionId, 'exit 3\r');
    await until(() => appended.length === 2);
    expect(appended[1]).toMatchObject({
      seq: 2,
      action: 'session.closed',
      outcome: 'succeeded',
      targets: [instanceId],
      detail: { sessionId: info.sessionId, exitCode: 3 },
    });
    expect(appended[1]?.summary).toContain('(exit 3)');
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('records a refused open as failed, with the reason', async () => {
    const instanceId = nodeWith('ConnectionLost');
    await expect(service.start({ workspaceId: WORKSPACE, instanceId, cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'TargetNotConnected' });
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ action: 'session.opened', outcome: 'failed', targets: [instanceId] });
    expect(appended[0]?.error).toMatch(/ConnectionLost/);
  });

  it('ends the shell rather than run it unrecorded when the audit log cannot be written', async () => {
    await audit.close();
    const instanceId = nodeWith('Online');
    await expect(service.start({ workspaceId: WORKSPACE, instanceId, cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'SessionNotAudited' });
    expect(service.openSessions()).toHaveLength(0);
    const [record] = await store.run('sessions', 'listRecords', { workspaceId: WORKSPACE, state: 'History', limit: 5 });
    expect(record).toMatchObject({ instanceId, closeReason: 'Not written to the audit log' });
  });
});
