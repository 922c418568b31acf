import type { InvokeHandlers } from '../ipc/router';
import type { CommandService } from './command-service';

type CommandHandlers = Pick<
  InvokeHandlers,
  | 'commands:list-documents'
  | 'commands:describe-document'
  | 'commands:preview-targets'
  | 'commands:send-command'
  | 'commands:list-jobs'
  | 'commands:get-job'
  | 'commands:list-invocations'
  | 'commands:get-output-groups'
  | 'commands:get-invocation-output'
  | 'commands:cancel-job'
  | 'commands:rerun-failed'
>;

/** The Run Command channels: the only code that sees their IPC. */
export function createCommandHandlers(commands: CommandService): CommandHandlers {
  return {
    'commands:list-documents': async ({ workspaceId }) => ({ documents: await commands.listDocuments(workspaceId) }),
    'commands:describe-document': ({ workspaceId, name, version }) => commands.describeDocument(workspaceId, name, version),
    'commands:preview-targets': ({ workspaceId, targets, documentName, parameters }) => commands.preview(workspaceId, targets, documentName, parameters),
    'commands:send-command': (request) =>
      commands.startJob({
        workspaceId: request.workspaceId,
        documentName: request.documentName,
        ...(request.documentVersion ? { documentVersion: request.documentVersion } : {}),
        parameters: request.parameters,
        targets: request.targets,
        options: request.options,
        canary: false,
        source: { kind: 'command' },
        ...(request.typedConfirmation !== undefined ? { typedConfirmation: request.typedConfirmation } : {}),
      }),
    'commands:list-jobs': (request) => commands.listJobs(request),
    'commands:get-job': ({ jobId }) => commands.getJob(jobId),
    'commands:list-invocations': (request) => commands.listInvocations(request),
    'commands:get-output-groups': async ({ jobId }) => ({ groups: await commands.outputGroups(jobId) }),
    'commands:get-invocation-output': ({ jobId, instanceId }) => commands.invocationOutput(jobId, instanceId),
    'commands:cancel-job': ({ jobId }) => commands.cancelJob(jobId),
    'commands:rerun-failed': ({ jobId, typedConfirmation }) => commands.rerunFailed(jobId, typedConfirmation),
  };
}
