import { commandCounts, invocationStatus, isTerminal } from './command-records';
import type { CommandRecord, InvocationRecord, PluginRecord } from './command-records';
import { pluginOutput } from './output-capture';

/**
 * Commands and invocations as the wire carries them (ssm-api.md Appendix A, §1.2): timestamps
 * as epoch seconds, GetCommandInvocation's dates as ISO-8601 strings, and every unset member
 * padded with "", [] or an empty shell the way the real service pads them.
 */

const seconds = (ms: number): number => Math.round(ms) / 1000;

/** The Command object (SendCommand, ListCommands). */
export function commandToWire(record: CommandRecord, status: { status: string; details: string }): object {
  const counts = commandCounts(record);
  return {
    CommandId: record.commandId,
    DocumentName: record.documentName,
    DocumentVersion: record.documentVersion,
    Comment: record.comment,
    ExpiresAfter: seconds(record.expiresAt),
    Parameters: record.parameters,
    InstanceIds: record.instanceIds,
    Targets: record.targets,
    RequestedDateTime: seconds(record.requestedAt),
    Status: status.status,
    StatusDetails: status.details,
    OutputS3Region: record.region,
    OutputS3BucketName: record.outputS3BucketName,
    OutputS3KeyPrefix: record.outputS3KeyPrefix,
    MaxConcurrency: record.maxConcurrency,
    MaxErrors: record.maxErrors,
    TargetCount: record.invocations.length,
    CompletedCount: counts.completed,
    ErrorCount: counts.errors,
    DeliveryTimedOutCount: counts.deliveryTimedOut,
    ServiceRole: record.serviceRole,
    NotificationConfig: record.notificationConfig,
    CloudWatchOutputConfig: record.cloudWatchOutputConfig,
    TimeoutSeconds: record.timeoutSeconds,
  };
}

/** A plugin's state as shown: one that never ran takes its invocation's end (Terminated, Cancelled…). */
export function pluginDetail(inv: InvocationRecord, plugin: PluginRecord): string {
  if ((plugin.detail === 'Pending' || plugin.detail === 'InProgress') && isTerminal(inv.detail)) return inv.detail;
  return plugin.detail;
}

function pluginStatus(detail: string): string {
  if (detail === 'Skipped') return 'Success';
  // CommandPlugin's Status enum has no Cancelling or Delayed.
  if (detail === 'Cancelling') return 'InProgress';
  if (detail === 'Delayed') return 'Pending';
  return invocationStatus(detail as Parameters<typeof invocationStatus>[0]);
}

/** A ListCommandInvocations entry; `details` adds CommandPlugins. */
export function invocationToWire(record: CommandRecord, inv: InvocationRecord, details: boolean): object {
  return {
    CommandId: record.commandId,
    InstanceId: inv.instanceId,
    InstanceName: inv.instanceName,
    Comment: record.comment,
    DocumentName: record.documentName,
    DocumentVersion: record.documentVersion,
    RequestedDateTime: seconds(record.requestedAt),
    Status: invocationStatus(inv.detail),
    StatusDetails: inv.detail,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details ? inv.plugins.map((p) => pluginToWire(record, inv, p)) : [],
    ServiceRole: record.serviceRole,
    NotificationConfig: record.notificationConfig,
    CloudWatchOutputConfig: record.cloudWatchOutputConfig,
  };
}

function pluginToWire(record: CommandRecord, inv: InvocationRecord, plugin: PluginRecord): object {
  const detail = pluginDetail(inv, plugin);
  return {
    Name: plugin.step.name,
    Status: pluginStatus(detail),
    StatusDetails: detail,
    ResponseCode: plugin.responseCode,
    ...(plugin.startedAt !== undefined ? { ResponseStartDateTime: seconds(plugin.startedAt) } : {}),
    ...(plugin.endedAt !== undefined ? { ResponseFinishDateTime: seconds(plugin.endedAt) } : {}),
    // Output appears once the step has finished, as the agent reports it then.
    Output: plugin.endedAt !== undefined ? pluginOutput(plugin.stdout, plugin.stderr) : '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: record.region,
    OutputS3BucketName: record.outputS3BucketName,
    OutputS3KeyPrefix: record.outputS3KeyPrefix,
  };
}

/** GetCommandInvocation's answer for one plugin (a one-step document shows its invocation's state). */
export function invocationDetailToWire(record: CommandRecord, inv: InvocationRecord, plugin: PluginRecord, now: number): object {
  const detail = pluginDetail(inv, plugin);
  const wholeInvocation = inv.plugins.length === 1;
  const shown = wholeInvocation ? inv.detail : detail;
  const finished = plugin.endedAt !== undefined;
  return {
    CommandId: record.commandId,
    InstanceId: inv.instanceId,
    Comment: record.comment,
    DocumentName: record.documentName,
    DocumentVersion: record.documentVersion,
    PluginName: plugin.step.name,
    ResponseCode: plugin.responseCode,
    ExecutionStartDateTime: plugin.startedAt !== undefined ? new Date(plugin.startedAt).toISOString() : '',
    ExecutionElapsedTime: plugin.startedAt !== undefined ? elapsed((plugin.endedAt ?? now) - plugin.startedAt) : '',
    ExecutionEndDateTime: plugin.endedAt !== undefined ? new Date(plugin.endedAt).toISOString() : '',
    Status: shown === 'Cancelling' ? 'Cancelling' : pluginStatus(shown),
    StatusDetails: shown,
    // Both contents stay empty until the step finishes (§4.3); BoundedText already kept 24,000 / 8,000.
    StandardOutputContent: finished ? plugin.stdout : '',
    StandardOutputUrl: '',
    StandardErrorContent: finished ? plugin.stderr : '',
    StandardErrorUrl: '',
    CloudWatchOutputConfig: record.cloudWatchOutputConfig,
  };
}

/** ISO-8601 duration as the service writes it, e.g. `PT0.091S`. */
function elapsed(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0'}S`;
}
