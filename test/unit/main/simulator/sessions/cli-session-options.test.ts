import { describe, expect, it } from 'vitest';
import { CliUsageError, parseSimulatorArgs } from '../../../../../main/simulator/cli';

describe('simulator CLI session options', () => {
  it('takes repeated --kms-node and an idle timeout in minutes', () => {
    expect(
      parseSimulatorArgs(['--kms-node', 'i-0123456789abcdef0', '--kms-node', 'mi-0123456789abcdef0', '--idle-timeout-minutes', '5']),
    ).toMatchObject({ kmsNodes: ['i-0123456789abcdef0', 'mi-0123456789abcdef0'], idleTimeoutMinutes: 5 });
  });

  it('refuses a bad node id and an idle timeout outside 1..60 minutes, as Session Manager preferences do', () => {
    expect(() => parseSimulatorArgs(['--kms-node', 'web-1'])).toThrow(CliUsageError);
    expect(() => parseSimulatorArgs(['--idle-timeout-minutes', '61'])).toThrow(/from 1 to 60/);
    expect(() => parseSimulatorArgs(['--idle-timeout-minutes', '0'])).toThrow(CliUsageError);
  });
});
