import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineLinux, openHarness, options, WORKSPACE, type CommandHarness } from './command-harness';

let h: CommandHarness;

const TAG = { Key: 'CapstanTest', Value: 'tags-mode' };
let tagged: string[] = [];
let lateTagged = '';

beforeAll(async () => {
  h = await openHarness({
    nodes: 80,
    seed: 11,
    prepare: (sim) => {
      // Two online Linux nodes carry a tag of their own before the fleet is cached; a third gets it later.
      const linux = sim.nodes.filter((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux').slice(-3);
      tagged = linux.slice(0, 2).map((n) => n.InstanceId);
      lateTagged = linux[2]!.InstanceId;
      for (const id of tagged) sim.setNodeTags(id, [TAG]);
    },
  });
});

afterAll(async () => {
  await h?.close();
});

const shell = (...commands: string[]) => ({ commands });

describe('Run Command jobs against the training fleet', () => {
  it('sends to 3 nodes: all succeed with their output, grouped as one, and the send is audited', async () => {
    const targets = onlineLinux(h, 3);
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo capstan-ok'),
      targets: { kind: 'nodes', instanceIds: targets.map((n) => n.instanceId) },
      options: options(),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Success', counts: { targets: 3, success: 3 } });
    const { rows } = await h.service.listInvocations({ jobId, offset: 0, limit: 10 });
    expect(rows.map((r) => [r.nodeName, r.status, r.responseCode, r.output.trim()])).toEqual(
      targets.map((n) => [n.name || n.computerName || n.instanceId, 'Success', 0, 'capstan-ok']),
    );
    const groups = await h.service.outputGroups(jobId);
    expect(groups).toEqual([expect.objectContaining({ status: 'Success', count: 3, output: expect.stringContaining('capstan-ok') })]);
    const full = await h.service.invocationOutput(jobId, targets[0]!.instanceId);
    expect(full.steps[0]!.stdout.trim()).toBe('capstan-ok');
    const audit = h.audits.find((a) => a.detail['jobId'] === jobId)!;
    expect(audit).toMatchObject({ action: 'command.sent', outcome: 'succeeded', targets: targets.map((n) => n.instanceId) });
    expect(audit.detail).toMatchObject({ parameters: shell('echo capstan-ok'), commandIds: done.commandIds });
  });

  it('refuses an injection attempt and a missing typed confirmation before anything is sent', async () => {
    const sentBefore = h.sim.calls.count('SendCommand');
    const target = onlineLinux(h, 1)[0]!;
    await expect(
      h.service.startJob({
        workspaceId: WORKSPACE,
        documentName: 'AWS-RunShellScript',
        parameters: { commands: ['echo hi'], executionTimeout: ['60; reboot'] },
        targets: { kind: 'nodes', instanceIds: [target.instanceId] },
        options: options(),
        canary: false,
        source: { kind: 'command' },
      }),
    ).rejects.toMatchObject({ kind: 'validation', message: expect.stringMatching(/^executionTimeout: /) });
    await expect(
      h.service.startJob({
        workspaceId: WORKSPACE,
        documentName: 'AWS-RunShellScript',
        parameters: shell('echo hi'),
        targets: { kind: 'nodes', instanceIds: [target.instanceId] },
        options: options(),
        canary: false,
        source: { kind: 'runbook', runbookId: 'rb', runbookName: 'Runbook' },
        requireTypedConfirmation: true,
        typedConfirmation: 'wrong',
      }),
    ).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining(`type "${target.name || target.computerName || target.instanceId}" exactly`) });
    expect(h.sim.calls.count('SendCommand')).toBe(sentBefore);
  });

  it('demands the typed name for production nodes, and accepts it', async () => {
    const prod = onlineLinux(h, 1, true)[0]!;
    const name = prod.name || prod.computerName || prod.instanceId;
    const { preview } = await h.service.preview(WORKSPACE, { kind: 'nodes', instanceIds: [prod.instanceId] }, 'AWS-RunShellScript', shell('echo hi'));
    expect(preview).toMatchObject({ production: 1, typedConfirmation: name });
    const request = {
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo prod'),
      targets: { kind: 'nodes' as const, instanceIds: [prod.instanceId] },
      options: options(),
      canary: false,
      source: { kind: 'command' as const },
    };
    await expect(h.service.startJob(request)).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining(`type "${name}" exactly`) });
    const { jobId } = await h.service.startJob({ ...request, typedConfirmation: name });
    await expect(h.waitForJob(jobId, (job) => job.phase === 'done')).resolves.toMatchObject({ status: 'Success' });
  });

  it('flags an offline target in the preview and keeps it back as NotSent', async () => {
    const a = onlineLinux(h, 1)[0]!;
    const offline = h.nodes.find((n) => n.pingStatus !== 'Online')!;
    const { preview } = await h.service.preview(WORKSPACE, { kind: 'nodes', instanceIds: [a.instanceId, offline.instanceId] }, 'AWS-RunShellScript');
    expect(preview).toMatchObject({ total: 2, online: 1, offline: 1 });
    expect(preview.nodes.find((n) => n.instanceId === offline.instanceId)?.pingStatus).not.toBe('Online');
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo fine'),
      targets: { kind: 'nodes', instanceIds: [a.instanceId, offline.instanceId] },
      options: options(),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Success', counts: { success: 1, notRun: 1 } });
    const kept = (await h.service.listInvocations({ jobId, status: 'NotSent', offset: 0, limit: 5 })).rows;
    expect(kept.map((r) => [r.instanceId, r.statusDetails])).toEqual([[offline.instanceId, expect.stringMatching(/^Node is (offline|inactive)/)]]);
  });

  it('stops sending batches once MaxErrors is exceeded; the rest are NotSent with the reason', async () => {
    const targets = onlineLinux(h, 6);
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo broken >&2', 'exit 3'),
      targets: { kind: 'nodes', instanceIds: targets.map((n) => n.instanceId) },
      options: options({ maxConcurrency: '1', maxErrors: '0' }),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Failed', statusDetails: expect.stringMatching(/^MaxErrors reached/), counts: { failed: 1, notRun: 5 } });
    expect(done.commandIds).toHaveLength(1);
    const kept = (await h.service.listInvocations({ jobId, status: 'NotSent', offset: 0, limit: 10 })).rows;
    expect(kept).toHaveLength(5);
    expect(kept.every((r) => /MaxErrors reached/.test(r.statusDetails))).toBe(true);
  });

  it('a failed canary leaves the rest untouched', async () => {
    const targets = onlineLinux(h, 4);
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('exit 1'),
      targets: { kind: 'nodes', instanceIds: targets.map((n) => n.instanceId) },
      options: options(),
      canary: true,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    const first = targets[0]!.name || targets[0]!.computerName || targets[0]!.instanceId;
    expect(done).toMatchObject({ status: 'Failed', statusDetails: `Canary failed on ${first} — 3 nodes not touched`, commandIds: [expect.any(String)] });
    const untouched = (await h.service.listInvocations({ jobId, status: 'NotSent', offset: 0, limit: 10 })).rows;
    expect(untouched.map((r) => r.instanceId)).toEqual(targets.slice(1).map((n) => n.instanceId));
    expect(untouched.every((r) => r.commandId === null && r.statusDetails === `Canary failed on ${first}`)).toBe(true);
  });

  it('a tag query runs on exactly the nodes the preview showed: a node tagged since is not touched', async () => {
    const targets = { kind: 'tags' as const, filters: [{ key: TAG.Key, values: [TAG.Value] }] };
    const { preview } = await h.service.preview(WORKSPACE, targets, 'AWS-RunShellScript');
    expect(preview.nodes.map((n) => n.instanceId).sort()).toEqual([...tagged].sort());
    h.sim.setNodeTags(lateTagged, [TAG]);
    const sendsBefore = h.sim.calls.count('SendCommand');
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo tagged'),
      targets,
      options: options(),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(h.sim.calls.count('SendCommand')).toBe(sendsBefore + 1);
    expect(done).toMatchObject({ status: 'Success', counts: { targets: 2, success: 2 } });
    const { rows } = await h.service.listInvocations({ jobId, offset: 0, limit: 10 });
    expect(rows.map((r) => r.instanceId).sort()).toEqual([...tagged].sort());
    expect(rows.every((r) => r.nodeName !== '' && r.output === 'tagged\n')).toBe(true);
    // The document's version was pinned when the parameters were checked, and every batch sends it.
    expect((await h.service.getJob(jobId)).documentVersion).toMatch(/^[1-9][0-9]*$/);
  });

  it('a tag query job survives a restart and finishes', async () => {
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('sleep 2', 'echo tagged-again'),
      targets: { kind: 'tags', filters: [{ key: TAG.Key, values: [TAG.Value] }] },
      options: options(),
      canary: false,
      source: { kind: 'command' },
    });
    await h.waitForJob(jobId, (job) => job.status === 'InProgress');
    await h.restart();
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done).toMatchObject({ status: 'Success', counts: { targets: 2, success: 2 } });
    const { rows, total } = await h.service.listInvocations({ jobId, offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(rows.every((r) => r.output === 'tagged-again\n')).toBe(true);
  });

  it('a node deregistered since the cache synced ends on its own; the rest of its batch still runs', async () => {
    const [kept, gone] = onlineLinux(h, 12).slice(10, 12) as unknown as [{ instanceId: string }, { instanceId: string }];
    // The cache still lists it online; sent as an InstanceIds target, SSM marks just that node.
    h.sim.removeNode(gone.instanceId);
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('echo still-here'),
      targets: { kind: 'nodes', instanceIds: [kept.instanceId, gone.instanceId] },
      options: options({ maxErrors: '1' }),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done.counts).toMatchObject({ targets: 2, success: 1, notRun: 1 });
    const rows = (await h.service.listInvocations({ jobId, offset: 0, limit: 10 })).rows;
    expect(rows.find((r) => r.instanceId === kept.instanceId)).toMatchObject({ status: 'Success', output: expect.stringContaining('still-here') });
    expect(rows.find((r) => r.instanceId === gone.instanceId)?.statusDetails).toBe('Undeliverable');
  });

  it('a send AWS refuses ends the job Failed with the reason, and is audited as failed', async () => {
    const target = onlineLinux(h, 14)[13]!;
    // Well-formed for Capstan; SSM resolves the Parameter Store reference at send time and refuses it.
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell('{{ssm:/capstan/no-such-parameter}}'),
      targets: { kind: 'nodes', instanceIds: [target.instanceId] },
      options: options(),
      canary: false,
      source: { kind: 'command' },
    });
    const job = await h.service.getJob(jobId);
    expect(job).toMatchObject({ phase: 'done', status: 'Failed', statusDetails: expect.stringMatching(/^SendCommand failed.*InvalidParameters/), commandIds: [] });
    const row = (await h.service.listInvocations({ jobId, offset: 0, limit: 1 })).rows[0]!;
    expect(row).toMatchObject({ status: 'NotSent', statusDetails: expect.stringMatching(/^SendCommand failed.*InvalidParameters/) });
    expect(h.audits.find((a) => a.detail['jobId'] === jobId)).toMatchObject({ action: 'command.sent', outcome: 'failed', error: expect.stringMatching(/InvalidParameters/) });
  });

  it('a command the audit log cannot record is cancelled at once and the operator told why', async () => {
    const target = onlineLinux(h, 16)[15]!;
    h.failAudit = true;
    try {
      await expect(
        h.service.startJob({
          workspaceId: WORKSPACE,
          documentName: 'AWS-RunShellScript',
          parameters: shell('sleep 20', 'echo should-not-finish'),
          targets: { kind: 'nodes', instanceIds: [target.instanceId] },
          options: options({ comment: 'unaudited' }),
          canary: false,
          source: { kind: 'command' },
        }),
      ).rejects.toMatchObject({ code: 'AuditWriteFailed', message: expect.stringMatching(/could not record this command, so it was cancelled at once: ENOSPC/) });
    } finally {
      h.failAudit = false;
    }
    const job = h.updates.find((u) => u.comment === 'unaudited');
    expect(job).toBeDefined();
    expect(await h.waitForJob(job!.jobId, (u) => u.phase === 'done')).toMatchObject({ status: 'Cancelled' });
  });

  it('reruns on the nodes that did not succeed, with the same document and parameters', async () => {
    const targets = onlineLinux(h, 3);
    const failing = targets[1]!.instanceId;
    const script = `if [ "$(cat /dev/null; echo ${'$'}{PWD##*/})" = "${failing}" ]; then exit 2; fi; echo ok`;
    const { jobId } = await h.service.startJob({
      workspaceId: WORKSPACE,
      documentName: 'AWS-RunShellScript',
      parameters: shell(script),
      targets: { kind: 'nodes', instanceIds: targets.map((n) => n.instanceId) },
      options: options({ maxErrors: '3' }),
      canary: false,
      source: { kind: 'command' },
    });
    const done = await h.waitForJob(jobId, (job) => job.phase === 'done');
    expect(done.counts).toMatchObject({ success: 2, failed: 1 });
    const groups = await h.service.outputGroups(jobId);
    // The outlier leads: one failure before the two identical successes.
    expect(groups.map((g) => [g.status, g.count])).toEqual([['Failed', 1], ['Success', 2]]);
    const rerun = await h.service.rerunFailed(jobId);
    const again = await h.service.getJob(rerun.jobId);
    expect(again.targets).toEqual({ kind: 'nodes', instanceIds: [failing] });
    expect(again.parameters).toEqual(shell(script));
    await h.waitForJob(rerun.jobId, (job) => job.phase === 'done');
  });
});
