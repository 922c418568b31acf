import { describe, expect, it } from 'vitest';
import { toRow } from '../../../../main/commands/command-aws';

const known = { nodeName: 'web-01', platformType: 'Linux' };

describe('a listed invocation becomes a row', () => {
  it('keeps exit code, times and output of a finished node', () => {
    const row = toRow(
      {
        CommandId: '11111111-2222-3333-4444-555555555555',
        InstanceId: 'i-0123456789abcdef0',
        Status: 'Failed',
        StatusDetails: 'Failed',
        CommandPlugins: [
          { Name: 'aws:runShellScript', ResponseCode: 3, Output: 'nope\n', ResponseStartDateTime: new Date(1000), ResponseFinishDateTime: new Date(2000) },
        ],
      },
      known,
    );
    expect(row).toMatchObject({ nodeName: 'web-01', status: 'Failed', responseCode: 3, startedAt: 1000, endedAt: 2000, output: 'nope\n', outputTruncated: false });
  });

  it('an unfinished node has no exit code yet (SSM reports -1)', () => {
    const row = toRow({ InstanceId: 'i-0123456789abcdef0', Status: 'InProgress', CommandPlugins: [{ Name: 'x', ResponseCode: -1 }] }, known);
    expect(row.responseCode).toBeNull();
    expect(row.endedAt).toBeNull();
  });

  it('a 50 MB output from a misbehaving endpoint is bounded and marked truncated', () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const row = toRow({ InstanceId: 'i-0123456789abcdef0', Status: 'Success', CommandPlugins: [{ Name: 'a', ResponseCode: 0, Output: huge }] }, known);
    expect(row.output.length).toBeLessThanOrEqual(2500);
    expect(row.outputTruncated).toBe(true);
  });

  it('leaves out the step skipped for the other platform: a Linux node shows its own step only', () => {
    const row = toRow(
      {
        InstanceId: 'i-0123456789abcdef0',
        Status: 'Success',
        CommandPlugins: [
          { Name: 'restartServiceLinux', ResponseCode: 0, Output: 'active\n' },
          {
            Name: 'restartServiceWindows',
            ResponseCode: 0,
            Output: "Step execution skipped due to unsatisfied preconditions: '\"StringEquals\": [platformType, Windows]'. Step name: restartServiceWindows",
          },
        ],
      },
      known,
    );
    expect(row.output).toBe('active\n');
  });

  it("recognises the agent's truncation marker and labels the steps of a multi-step document", () => {
    const row = toRow(
      {
        InstanceId: 'i-0123456789abcdef0',
        Status: 'Success',
        CommandPlugins: [
          { Name: 'collect', ResponseCode: 0, Output: 'a\n---Output truncated---' },
          { Name: 'upload', ResponseCode: 0, Output: 'done' },
        ],
      },
      known,
    );
    expect(row.outputTruncated).toBe(true);
    expect(row.output).toBe('[collect]\na\n---Output truncated---\n[upload]\ndone');
  });

  it('an unknown status reads as Failed and keeps its own words', () => {
    const row = toRow({ InstanceId: 'i-0123456789abcdef0', Status: 'AccessDenied' as never, StatusDetails: 'AccessDenied' }, known);
    expect(row.status).toBe('Failed');
    expect(row.statusDetails).toBe('AccessDenied');
  });
});
