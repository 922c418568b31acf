import type { SSMClient } from '@aws-sdk/client-ssm';
import { AppError, NotFoundError } from '../errors/app-error';
import { stepOutput } from './command-aws';

/** One node's full output, step by step, as `commands:get-invocation-output` answers it. */
export interface InvocationOutput {
  steps: Array<{ name: string; status: string; responseCode: number; stdout: string; stderr: string; stdoutTruncated: boolean; stderrTruncated: boolean }>;
}

/**
 * GetCommandInvocation once per step (24,000 / 8,000 characters each). A multi-step document
 * needs the step name, or SSM answers InvalidPluginName (ssm-api.md §4.3); a single step is asked
 * without one so schema 1.2 and 2.x documents both work.
 */
export async function invocationOutput(ssm: SSMClient, commandId: string, instanceId: string, steps: string[]): Promise<InvocationOutput> {
  const names: Array<string | null> = steps.length > 1 ? steps : [null];
  try {
    return { steps: await Promise.all(names.map((name) => stepOutput(ssm, commandId, instanceId, name))) };
  } catch (error) {
    // Right after sending, SSM has no invocation yet for a while (§3.1): not an error, just "not yet".
    if (error instanceof AppError && (error.code === 'InvocationDoesNotExist' || error.code === 'InvalidPluginName')) {
      throw new NotFoundError('This node has no result yet; SSM reports it once the node has received the command. Try again in a few seconds.', {
        cause: error,
        retryable: true,
      });
    }
    throw error;
  }
}
