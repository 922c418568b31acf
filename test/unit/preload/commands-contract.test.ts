import { describe, expect, it } from 'vitest';
import { commandParametersSchema, sendCommandRequestSchema } from '../../../preload/contract/commands';

describe('the Run Command contract', () => {
  it('bounds the parameters as a whole: 40 MB of script never reaches main or the audit log', () => {
    const big = { commands: Array.from({ length: 50 }, () => 'x'.repeat(16_000)) };
    const result = commandParametersSchema.safeParse(big);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/more than 64 KB of text; SSM takes at most 64 KB/);
    expect(commandParametersSchema.safeParse({ commands: ['echo hello'], workingDirectory: [''] }).success).toBe(true);
  });

  it('refuses a MaxConcurrency or MaxErrors SSM would refuse, saying what to write', () => {
    const request = {
      workspaceId: 'training',
      documentName: 'AWS-RunShellScript',
      parameters: { commands: ['echo hi'] },
      targets: { kind: 'nodes', instanceIds: ['i-0123456789abcdef0'] },
      options: { maxConcurrency: '0', maxErrors: '101%', timeoutSeconds: 600, comment: '' },
    };
    const issues = sendCommandRequestSchema.safeParse(request).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toEqual([
      'options.maxConcurrency: Use a whole number of nodes (1 or more) or a percentage from 1% to 100%.',
      'options.maxErrors: Use a whole number of errors (0 or more) or a percentage from 0% to 100%.',
    ]);
  });
});
