import { afterEach, describe, expect, it } from 'vitest';
import { AutomationEngine } from '../../../../../main/simulator/automation/automation-engine';
import type { AutomationStatus, ExecutionRecord } from '../../../../../main/simulator/automation/automation-types';
import { FleetState } from '../../../../../main/simulator/fleet-state';
import { generateFleet } from '../../../../../main/simulator/fleet-generator';
import type { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const fleet = new FleetState(generateFleet({ nodes: 40, seed: 3, accountId: '111122223333', region: 'eu-west-1', now: Date.now() }));
const ec2 = fleet.nodes.find((n) => n.InstanceId.startsWith('i-') && n.info.PingStatus === 'Online');
const hybrid = fleet.nodes.find((n) => n.InstanceId.startsWith('mi-'));
const engines: AutomationEngine[] = [];

function engine(stateChangeMs = 30): AutomationEngine {
  const made = new AutomationEngine({ fleet, now: Date.now, timings: { stateChangeMs } });
  engines.push(made);
  return made;
}

/** Resolves with the sequence of execution statuses seen once `final` is reached (deadline 5 s). */
function statuses(made: AutomationEngine, execution: ExecutionRecord, final: AutomationStatus): Promise<string[]> {
  const seen: string[] = [`${execution.status}:${execution.steps.map((s) => s.status).join(',')}`];
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no ${final} within 5 s; saw ${seen.join(' → ')}`)), 5000);
    const stop = made.onExecutionChanged((changed) => {
      if (changed.id !== execution.id) return;
      seen.push(`${changed.status}:${changed.steps.map((s) => s.status).join(',')}`);
      if (changed.status === final) {
        clearTimeout(deadline);
        stop();
        resolve(seen);
      }
    });
  });
}

afterEach(() => {
  for (const made of engines.splice(0)) made.close();
});

describe('AutomationEngine: AWS-RestartEC2Instance', () => {
  const start = (made: AutomationEngine, ids: string[]): ExecutionRecord =>
    made.start({ documentName: 'AWS-RestartEC2Instance', documentVersion: '1', parameters: { InstanceId: ids, AutomationAssumeRole: [''] }, executedBy: 'arn:aws:iam::111122223333:user/t' });

  it('stops then starts the instance: the node is ConnectionLost while stopped and Online again after', async () => {
    if (ec2 === undefined) throw new Error('the generated fleet has no online EC2 node');
    const made = engine();
    const pings: string[] = [];
    made.onExecutionChanged(() => pings.push(fleet.find(ec2.InstanceId)?.info.PingStatus ?? 'gone'));
    const execution = start(made, [ec2.InstanceId]);
    const seen = await statuses(made, execution, 'Success');
    expect(seen).toEqual([
      'InProgress:InProgress,Pending',
      'InProgress:Success,Pending',
      'InProgress:Success,InProgress',
      'Success:Success,Success',
    ]);
    expect(pings).toContain('ConnectionLost');
    expect(fleet.find(ec2.InstanceId)?.info.PingStatus).toBe('Online');
    expect(execution.steps[0]?.inputs).toEqual({ DesiredState: '"stopped"', InstanceIds: JSON.stringify([ec2.InstanceId]) });
  });

  it('fails the first step for a hybrid node the way EC2 refuses its id, leaving the node alone', async () => {
    if (hybrid === undefined) throw new Error('the generated fleet has no hybrid node');
    const before = fleet.find(hybrid.InstanceId)?.info.PingStatus;
    const made = engine();
    const execution = start(made, [hybrid.InstanceId]);
    expect(execution.status).toBe('Failed');
    expect(execution.steps.map((s) => s.status)).toEqual(['Failed', 'Pending']);
    expect(execution.steps[0]?.failureMessage).toContain(`InvalidInstanceID.Malformed) when calling the StopInstances operation: Invalid id: "${hybrid.InstanceId}"`);
    expect(fleet.find(hybrid.InstanceId)?.info.PingStatus).toBe(before);
  });

  it('goes Cancelling then Cancelled when stopped, and refuses a second stop', async () => {
    if (ec2 === undefined) throw new Error('the generated fleet has no online EC2 node');
    const made = engine(60_000);
    const execution = start(made, [ec2.InstanceId]);
    const done = statuses(made, execution, 'Cancelled');
    made.stop(execution.id);
    expect(execution.status).toBe('Cancelling');
    const seen = await done;
    expect(seen.at(-1)).toBe('Cancelled:Cancelled,Pending');
    let error: unknown;
    try {
      made.stop(execution.id);
    } catch (caught) {
      error = caught;
    }
    expect((error as SimulatedAwsError).code).toBe('InvalidAutomationStatusUpdateException');
  });

  it('returns the first execution for a repeated ClientToken and refuses the token with other parameters', () => {
    if (ec2 === undefined || hybrid === undefined) throw new Error('fleet lacks nodes');
    const made = engine(60_000);
    const request = { documentName: 'AWS-RestartEC2Instance', documentVersion: '1', parameters: { InstanceId: [ec2.InstanceId] }, executedBy: 'x' };
    const first = made.startOnce('token-1', 'fingerprint-a', request);
    expect(made.startOnce('token-1', 'fingerprint-a', request).id).toBe(first.id);
    let error: unknown;
    try {
      made.startOnce('token-1', 'fingerprint-b', request);
    } catch (caught) {
      error = caught;
    }
    expect((error as SimulatedAwsError).code).toBe('IdempotentParameterMismatch');
  });
});
