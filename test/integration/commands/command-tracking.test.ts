import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineLinux, openHarness, options, WORKSPACE, type CommandHarness } from './command-harness';

let h: CommandHarness;

beforeAll(async () => {
  h = await openHarness({ nodes: 600, seed: 5 });
});

afterAll(async () => {
  await h?.close();
});

const send = (instanceIds: string[], commands: string[], overrides: Parameters<typeof options>[0] = {}) =>
  h.service.startJob({
    workspaceId: WORKSPACE,
    documentName: 'AWS-RunShellScript',
    parameters: { commands },
    targets: { kind: 'nodes', instanceIds },
    options: options(overrides),
    canary: false,
    source: { kind: 'command' },
  });

describe('tracking Run Command jobs', () => {
  it('lists 200 nodes with at most one call per 50 nodes per poll cycle', async () => {
    const targets = onlineLinux(h, 200).map((n) => n.instanceId);
    const { jobId } = await send(targets, ['echo fleet-ok'], { maxConcurrency: '100%' });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Success', counts: { targets: 200, success: 200 } });
    expect(done.commandIds).toHaveLength(4);
    expect(h.service.tracker.stats.maxCalls).toBeGreaterThan(0);
    expect(h.service.tracker.stats.maxCalls).toBeLessThanOrEqual(Math.ceil(200 / 50));
    const groups = await h.service.outputGroups(jobId);
    expect(groups).toEqual([expect.objectContaining({ count: 200, output: 'fleet-ok\n', instanceIds: expect.any(Array) })]);
    expect(groups[0]!.instanceIds).toHaveLength(200);
  });

  it('across batches of 50, MaxErrors carries over: after the first batch fails no further batch is sent', async () => {
    const targets = onlineLinux(h, 120).map((n) => n.instanceId);
    const sendsBefore = h.sim.calls.count('SendCommand');
    const { jobId } = await send(targets, ['exit 7'], { maxConcurrency: '50', maxErrors: '0' });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(h.sim.calls.count('SendCommand') - sendsBefore).toBe(1);
    expect(done).toMatchObject({ status: 'Failed', statusDetails: expect.stringMatching(/^MaxErrors reached/) });
    expect(done.counts.failed).toBeGreaterThanOrEqual(1);
    // The first batch's own MaxErrors (0 left) made SSM stop inside it; the other 70 were never sent.
    const notSent = await h.service.listInvocations({ jobId, status: 'NotSent', offset: 0, limit: 100 });
    expect(notSent.total).toBe(70);
    expect(notSent.rows.every((r) => r.commandId === null && /MaxErrors reached/.test(r.statusDetails))).toBe(true);
  });

  it('survives a restart: tracking resumes from the stored rows and the job finishes', async () => {
    const targets = onlineLinux(h, 3).map((n) => n.instanceId);
    const { jobId } = await send(targets, ['sleep 2', 'echo after-restart']);
    await h.waitForJob(jobId, (job) => job.status === 'InProgress');
    await h.restart();
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Success', counts: { success: 3 } });
    const { rows } = await h.service.listInvocations({ jobId, offset: 0, limit: 5 });
    expect(rows.map((r) => r.output)).toEqual(['after-restart\n', 'after-restart\n', 'after-restart\n']);
  });

  it('cancel stops running nodes and never sends the queued ones; it is audited', async () => {
    const targets = onlineLinux(h, 4).map((n) => n.instanceId);
    const { jobId } = await send(targets, ['sleep 30'], { maxConcurrency: '1', maxErrors: '4' });
    await h.waitForJob(jobId, (job) => job.counts.inProgress + job.counts.pending > 0 && job.commandIds.length === 1);
    const cancelling = await h.service.cancelJob(jobId);
    expect(['Cancelling', 'Cancelled']).toContain(cancelling.status);
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Cancelled', commandIds: [expect.any(String)] });
    const notSent = (await h.service.listInvocations({ jobId, status: 'NotSent', offset: 0, limit: 5 })).rows;
    expect(notSent.map((r) => r.statusDetails)).toEqual(Array(3).fill('Job cancelled before it was sent here'));
    expect(h.audits.find((a) => a.action === 'command.cancelled' && a.detail['jobId'] === jobId)).toMatchObject({ outcome: 'succeeded', targets: [targets[0]] });
    await expect(h.service.cancelJob(jobId)).rejects.toMatchObject({ kind: 'validation', message: expect.stringMatching(/already ended/) });
  });

  it('a script that prints 50 MB leaves bounded rows and a bounded full output', async () => {
    const target = onlineLinux(h, 1)[0]!.instanceId;
    const { jobId } = await send([target], ["head -c 52428800 /dev/zero | tr '\\0' x"]);
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done.status).toBe('Success');
    const row = (await h.service.listInvocations({ jobId, offset: 0, limit: 1 })).rows[0]!;
    expect(row.output.length).toBeLessThanOrEqual(2600);
    expect(row.outputTruncated).toBe(true);
    const full = await h.service.invocationOutput(jobId, target);
    expect(full.steps[0]!.stdout.length).toBe(24_000);
    expect(full.steps[0]!.stdoutTruncated).toBe(true);
  });

  it('keeps tracking through throttling: the job shows the trouble, backs off, and still finishes', async () => {
    const targets = onlineLinux(h, 2).map((n) => n.instanceId);
    const { jobId } = await send(targets, ['sleep 1', 'echo through-throttling']);
    // More throttles than the SDK's own retries absorb in one call: the tracker sees ThrottlingException.
    h.sim.faults.throttleNext(12, 'ListCommandInvocations');
    const troubled = await h.waitForJob(jobId, (job) => job.trackingError !== null);
    expect(troubled.trackingError).toMatchObject({ code: 'ThrottlingException', retryable: true });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(h.service.tracker.stats.throttledCycles).toBeGreaterThan(0);
    expect(h.service.tracker.stats.longestIntervalMs).toBeGreaterThanOrEqual(2000);
    expect(done).toMatchObject({ status: 'Success', trackingError: null, counts: { success: 2 } });
    h.sim.faults.reset();
  });

  it('history lists jobs newest first and pages back', async () => {
    const first = await h.service.listJobs({ workspaceId: WORKSPACE, limit: 2 });
    expect(first.jobs).toHaveLength(2);
    expect(first.more).toBe(true);
    expect(first.jobs[0]!.requestedAt).toBeGreaterThanOrEqual(first.jobs[1]!.requestedAt);
    const next = await h.service.listJobs({ workspaceId: WORKSPACE, before: first.jobs[1]!.requestedAt, limit: 50 });
    expect(next.jobs.every((job) => job.requestedAt < first.jobs[1]!.requestedAt)).toBe(true);
    expect(next.jobs.map((j) => j.jobId)).not.toContain(first.jobs[0]!.jobId);
  });
});
