import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type CommandInvocation,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { CommandOptions, CommandParameters, Invocation } from '../../preload/contract/commands';
import { toAwsError } from '../aws/aws-errors';
import { toInvocationStatus } from './job-rules';

// The Run Command calls a job makes, and how their answers become rows (ssm-api.md §4.3, §5.5).

/** ListCommandInvocations' largest page: one call per 50 nodes per poll. */
export const INVOCATIONS_PAGE = 50;
/** Output per plugin in a listing (Details=true) is capped by the agent at 2,500 characters. */
const LISTED_OUTPUT_CHARS = 2500;
const STDOUT_CHARS = 24_000;
const STDERR_CHARS = 8_000;
const TRUNCATION_MARKERS = ['---Output truncated---', '---Error truncated----'];

/** What one SendCommand carries besides its targets. */
export interface SendSpec {
  documentName: string;
  documentVersion: string;
  parameters: CommandParameters;
  options: CommandOptions;
  maxConcurrency: string;
  maxErrors: string;
}

/**
 * Sends to listed instance ids (≤50) or to a tag query; answers the command id and SSM's TargetCount.
 * Listed ids go as a `Key=InstanceIds` target, not as `InstanceIds`: with `InstanceIds` one node
 * that went offline since the fleet cache was read fails the whole call (InvalidInstanceId), while
 * as a target it ends DeliveryTimedOut on its own and the other 49 still run.
 */
export async function sendCommand(
  ssm: SSMClient,
  spec: SendSpec,
  targets: { instanceIds: string[] } | { tags: Array<{ key: string; values: string[] }> },
): Promise<{ commandId: string; targetCount: number }> {
  const response = await ssm
    .send(
      new SendCommandCommand({
        DocumentName: spec.documentName,
        ...(spec.documentVersion ? { DocumentVersion: spec.documentVersion } : {}),
        Parameters: spec.parameters,
        TimeoutSeconds: spec.options.timeoutSeconds,
        ...(spec.options.comment ? { Comment: spec.options.comment } : {}),
        MaxConcurrency: spec.maxConcurrency,
        MaxErrors: spec.maxErrors,
        ...('instanceIds' in targets
          ? { Targets: [{ Key: 'InstanceIds', Values: targets.instanceIds }] }
          : { Targets: targets.tags.map((t) => ({ Key: `tag:${t.key}`, Values: t.values })) }),
      }),
    )
    .catch((error: unknown) => {
      throw toAwsError(error, { service: 'SSM', operation: 'SendCommand' });
    });
  const commandId = response.Command?.CommandId;
  if (!commandId) throw toAwsError(Object.assign(new Error('SendCommand answered without a CommandId.'), { name: 'InvalidResponse' }), { service: 'SSM', operation: 'SendCommand' });
  return { commandId, targetCount: response.Command?.TargetCount ?? 0 };
}

/** Every invocation of a command with its output, a page of 50 per call; `calls` counts the calls made. */
export async function listInvocations(ssm: SSMClient, commandId: string, onCall: () => void): Promise<CommandInvocation[]> {
  const all: CommandInvocation[] = [];
  let nextToken: string | undefined;
  do {
    onCall();
    const page = await ssm
      .send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true, MaxResults: INVOCATIONS_PAGE, ...(nextToken ? { NextToken: nextToken } : {}) }))
      .catch((error: unknown) => {
        throw toAwsError(error, { service: 'SSM', operation: 'ListCommandInvocations' });
      });
    all.push(...(page.CommandInvocations ?? []));
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return all;
}

/** CancelCommand for a whole command (every node still running). */
export async function cancelCommand(ssm: SSMClient, commandId: string): Promise<void> {
  await ssm.send(new CancelCommandCommand({ CommandId: commandId })).catch((error: unknown) => {
    throw toAwsError(error, { service: 'SSM', operation: 'CancelCommand' });
  });
}

/** One step's full output (GetCommandInvocation: 24,000 / 8,000 characters). */
export async function stepOutput(ssm: SSMClient, commandId: string, instanceId: string, pluginName: string | null) {
  const got = await ssm
    .send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId, ...(pluginName ? { PluginName: pluginName } : {}) }))
    .catch((error: unknown) => {
      throw toAwsError(error, { service: 'SSM', operation: 'GetCommandInvocation' });
    });
  const stdout = got.StandardOutputContent ?? '';
  const stderr = got.StandardErrorContent ?? '';
  return {
    name: pluginName ?? got.PluginName ?? '',
    status: got.StatusDetails || got.Status || '',
    responseCode: got.ResponseCode ?? -1,
    // SSM cuts at exactly these lengths; a longer answer would be a defect upstream, so keep the bound here too.
    stdout: stdout.slice(0, STDOUT_CHARS),
    stderr: stderr.slice(0, STDERR_CHARS),
    stdoutTruncated: stdout.length >= STDOUT_CHARS,
    stderrTruncated: stderr.length >= STDERR_CHARS,
  };
}

/** A listed invocation as a row; name and platform come from the row it updates or the fleet cache. */
export function toRow(invocation: CommandInvocation, known: { nodeName: string; platformType: string }): Invocation {
  const plugins = invocation.CommandPlugins ?? [];
  const status = toInvocationStatus(invocation.Status);
  const finished = status !== 'Pending' && status !== 'InProgress' && status !== 'Delayed' && status !== 'Cancelling';
  const codes = plugins.map((p) => p.ResponseCode).filter((c): c is number => typeof c === 'number' && c !== -1);
  const starts = plugins.map((p) => p.ResponseStartDateTime?.getTime()).filter((t): t is number => typeof t === 'number' && t > 0);
  const ends = plugins.map((p) => p.ResponseFinishDateTime?.getTime()).filter((t): t is number => typeof t === 'number' && t > 0);
  // A step for the other platform reports "Step execution skipped due to unsatisfied
  // preconditions…" on every node: it says nothing about the node, and it would keep identical
  // results on Linux and Windows nodes from reading alike. The full output still has it.
  const ran = plugins.filter((p) => !(p.Output ?? '').startsWith(SKIPPED_STEP));
  const shown = ran.length > 0 ? ran : plugins;
  const outputs = shown.map((p) => clipListed(p.Output ?? ''));
  const output = shown.length > 1 ? shown.map((p, i) => `[${p.Name ?? `step ${i + 1}`}]\n${outputs[i]}`).join('\n') : (outputs[0] ?? '');
  return {
    instanceId: invocation.InstanceId ?? '',
    nodeName: known.nodeName || invocation.InstanceName || invocation.InstanceId || '',
    platformType: known.platformType,
    commandId: invocation.CommandId ?? null,
    status,
    statusDetails: invocation.StatusDetails || invocation.Status || '',
    responseCode: finished ? (codes.find((c) => c !== 0) ?? codes[0] ?? null) : null,
    startedAt: starts.length > 0 ? Math.min(...starts) : null,
    endedAt: finished && ends.length > 0 ? Math.max(...ends) : null,
    output,
    outputTruncated: outputs.some((text) => TRUNCATION_MARKERS.some((marker) => text.includes(marker))),
  };
}

const SKIPPED_STEP = 'Step execution skipped due to unsatisfied preconditions';

// The agent caps each plugin's listed output at 2,500 characters; a longer one (a misbehaving
// endpoint, a 50 MB print) is cut here and marked, so rows stay bounded whatever arrives.
function clipListed(output: string): string {
  return output.length <= LISTED_OUTPUT_CHARS ? output : `${output.slice(0, LISTED_OUTPUT_CHARS - 23)}\n---Output truncated---`;
}
