import { CAPSTAN_DOCUMENTS } from './capstan-documents';
import { CLOUDWATCH_MANAGE_AGENT } from './cloudwatch-agent-document';
import type { DocumentDefinition } from './document-definition';
import { RUN_PATCH_BASELINE } from './patch-baseline-document';

/**
 * AWS-owned documents as AWS publishes them (content restated from GetDocument on the real
 * service, ssm-api.md §4.4), then the Amazon ones whose training steps are scripts of their own,
 * then the account's Capstan-* documents.
 */

const EXECUTION_TIMEOUT_PATTERN = '([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)';
const EXECUTION_TIMEOUT_DESCRIPTION =
  '(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).';

const RUN_SHELL_SCRIPT: DocumentDefinition = {
  name: 'AWS-RunShellScript',
  documentType: 'Command',
  owner: 'Amazon',
  platformTypes: ['Linux', 'MacOS'],
  ageDays: 2900,
  content: {
    schemaVersion: '1.2',
    description: 'Run a shell script or specify the commands to run.',
    parameters: {
      commands: {
        type: 'StringList',
        description: '(Required) Specify a shell script or a command to run.',
        minItems: 1,
        displayType: 'textarea',
      },
      workingDirectory: {
        type: 'String',
        default: '',
        description: '(Optional) The path to the working directory on your instance.',
        maxChars: 4096,
      },
      executionTimeout: {
        type: 'String',
        default: '3600',
        description: EXECUTION_TIMEOUT_DESCRIPTION,
        allowedPattern: EXECUTION_TIMEOUT_PATTERN,
      },
    },
    runtimeConfig: {
      'aws:runShellScript': {
        properties: [
          {
            id: '0.aws:runShellScript',
            runCommand: '{{ commands }}',
            workingDirectory: '{{ workingDirectory }}',
            timeoutSeconds: '{{ executionTimeout }}',
          },
        ],
      },
    },
  },
};

const RUN_POWERSHELL_SCRIPT: DocumentDefinition = {
  name: 'AWS-RunPowerShellScript',
  documentType: 'Command',
  owner: 'Amazon',
  platformTypes: ['Windows'],
  ageDays: 2900,
  content: {
    schemaVersion: '1.2',
    description: 'Run a PowerShell script or specify the paths to scripts to run.',
    parameters: {
      commands: {
        type: 'StringList',
        description: '(Required) Specify the commands to run or the paths to existing scripts on the instance.',
        minItems: 1,
        displayType: 'textarea',
      },
      workingDirectory: {
        type: 'String',
        default: '',
        description: '(Optional) The path to the working directory on your instance.',
        maxChars: 4096,
      },
      executionTimeout: {
        type: 'String',
        default: '3600',
        description: EXECUTION_TIMEOUT_DESCRIPTION,
        allowedPattern: EXECUTION_TIMEOUT_PATTERN,
      },
    },
    runtimeConfig: {
      'aws:runPowerShellScript': {
        properties: [
          {
            id: '0.aws:runPowerShellScript',
            runCommand: '{{ commands }}',
            workingDirectory: '{{ workingDirectory }}',
            timeoutSeconds: '{{ executionTimeout }}',
          },
        ],
      },
    },
  },
};

const RESTART_EC2_INSTANCE: DocumentDefinition = {
  name: 'AWS-RestartEC2Instance',
  documentType: 'Automation',
  owner: 'Amazon',
  platformTypes: ['Windows', 'Linux', 'MacOS'],
  ageDays: 2600,
  content: {
    description: 'Restart EC2 instances(s)',
    schemaVersion: '0.3',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      InstanceId: { type: 'StringList', description: '(Required) EC2 Instance(s) to restart' },
      AutomationAssumeRole: {
        type: 'String',
        description:
          '(Optional) The ARN of the role that allows Automation to perform the actions on your behalf.',
        default: '',
      },
    },
    mainSteps: [
      {
        name: 'stopInstances',
        action: 'aws:changeInstanceState',
        inputs: { InstanceIds: '{{ InstanceId }}', DesiredState: 'stopped' },
      },
      {
        name: 'startInstances',
        action: 'aws:changeInstanceState',
        inputs: { InstanceIds: '{{ InstanceId }}', DesiredState: 'running' },
      },
    ],
  },
};

/** Every document the training account can see, AWS's first. */
export const BUILTIN_DOCUMENTS: ReadonlyArray<DocumentDefinition> = [
  RUN_SHELL_SCRIPT,
  RUN_POWERSHELL_SCRIPT,
  RUN_PATCH_BASELINE,
  CLOUDWATCH_MANAGE_AGENT,
  RESTART_EC2_INSTANCE,
  ...CAPSTAN_DOCUMENTS,
];
