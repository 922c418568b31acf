import type { KMSClient } from '@aws-sdk/client-kms';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Agent } from 'node:http';
import { AwsClientFactory, callerIdentityWith, createTrainingStsClient } from '../aws/client-factory';
import { createKmsClient } from '../aws/kms-client-factory';
import { createSsmClient } from '../aws/ssm-client-factory';
import { ENVIRONMENT_PROFILE, readSharedConfig, type ProfileConfig } from '../aws/profile-config';
import type { WorkspaceClient } from '../fleet/fleet-service';
import type { Workspace } from '../../preload/contract/workspaces';
import type { DeviceCode } from './workspace-access';
import type { ProfileCatalog, ProfileInfo, ResolvedWorkspace } from './workspace-service';

/** Every AWS client one workspace needs, sharing one credential provider and one network setup. */
export interface WorkspaceClients {
  workspace: WorkspaceClient;
  kms: KMSClient;
  /** How a session data channel reaches AWS (the profile's proxy and CA bundle); none for the training fleet. */
  webSocketAgent?: (url: string) => Agent;
  /** STS GetCallerIdentity: the ARN the audit log records. */
  callerArn(): Promise<string>;
  destroy(): void;
}

/** How main reaches AWS: profiles from the shared files, clients per workspace, SSO sign-in. */
export interface AwsAccess {
  readProfiles(): Promise<ProfileCatalog>;
  clientsFor(resolved: ResolvedWorkspace): Promise<WorkspaceClients>;
  ssoSignIn(profile: string, options: { signal: AbortSignal; onCode: (code: DeviceCode) => void }): Promise<void>;
  /**
   * Makes a profile read its credentials again (a sign-in, an MFA retry). Its network stays: open
   * shells ride on its sockets and must survive a re-login.
   */
  forgetCredentials(profile: string): Promise<void>;
  destroy(): void;
}

export function createAwsAccess(deps: {
  env: NodeJS.ProcessEnv;
  /** Attempts per SSM call, retries included (the clients' default when unset). */
  maxAttempts?: number;
  askMfaCode: (profile: string, serial: string) => Promise<string>;
  /** A profile's keys were renewed as another key: check who it is again. */
  credentialsChanged?: (profile: string) => void;
}): AwsAccess {
  const factory = new AwsClientFactory({
    env: deps.env,
    askMfaCode: deps.askMfaCode,
    ...(deps.credentialsChanged ? { onCredentialsChanged: deps.credentialsChanged } : {}),
  });
  const ssmOptions = deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {};
  return {
    readProfiles: async () => {
      const shared = await readSharedConfig(deps.env);
      return {
        profiles: shared.profiles.map(profileInfo),
        problems: shared.problems.map((p) => ({
          profile: p.profile ?? '',
          message: p.line ? `${p.message} (${p.file ?? shared.configFilepath}, line ${p.line})` : p.message,
          hint: p.fix,
        })),
        unreadableFiles: shared.unreadableFiles,
        files: [
          { path: shared.configFilepath, variable: deps.env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : null },
          { path: shared.credentialsFilepath, variable: deps.env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : null },
        ],
      };
    },
    clientsFor: async (resolved) => {
      const { target } = resolved;
      if (target.kind === 'training') {
        return assemble(resolved, createSsmClient(target, ssmOptions), createKmsClient(target), createTrainingStsClient(target), target.endpoint);
      }
      const [ssm, kms, sts, context] = await Promise.all([
        factory.ssm(target.profile, target.region, ssmOptions),
        factory.kms(target.profile, target.region),
        factory.sts(target.profile, target.region),
        factory.context(target.profile, target.region),
      ]);
      const clients = assemble(resolved, ssm, kms, sts, context.network.endpointFor('ssm'));
      return { ...clients, webSocketAgent: (url) => context.network.webSocketAgentFor(url) };
    },
    ssoSignIn: async (profile, options) => {
      await factory.signIn(profile, 'us-east-1', {
        signal: options.signal,
        onPrompt: (prompt) =>
          options.onCode({
            userCode: prompt.userCode,
            verificationUri: prompt.verificationUri,
            verificationUriComplete: prompt.verificationUriComplete,
            expiresAt: prompt.expiresAt.getTime(),
          }),
      });
    },
    forgetCredentials: async (profile) => {
      // An edited profile is rebuilt from the files; an unchanged one only reads its credentials again.
      if (!(await factory.reloadIfChanged(profile))) await factory.invalidateCredentials(profile);
    },
    destroy: () => factory.destroy(),
  };
}

function assemble(resolved: ResolvedWorkspace, ssm: SSMClient, kms: KMSClient, sts: STSClient, endpoint: string | undefined): WorkspaceClients {
  return {
    workspace: { ssm, accountId: resolved.accountId, region: resolved.target.region, ...(endpoint ? { endpoint } : {}) },
    kms,
    callerArn: async () => (await callerIdentityWith(sts)).arn,
    // The profile's connection pool belongs to the factory; destroying a client closes only its own.
    destroy: () => {
      if (resolved.target.kind !== 'training') return;
      ssm.destroy();
      kms.destroy();
      sts.destroy();
    },
  };
}

const credentialSources: Record<ProfileConfig['kind'], Workspace['credentialSource']> = {
  static: 'static',
  'assume-role': 'assume-role',
  sso: 'sso',
  process: 'process',
  env: 'env',
  none: 'unknown',
};

function profileInfo(config: ProfileConfig): ProfileInfo {
  return {
    name: config.name === ENVIRONMENT_PROFILE ? ENVIRONMENT_PROFILE : config.name,
    region: config.region,
    accountId: config.accountId,
    accountName: '',
    credentialSource: credentialSources[config.kind],
    // An MFA device anywhere in the role chain means a prompt.
    mfa: config.mfaSerial !== null || config.chainMfaSerial !== null,
    ssoSessionKey: config.ssoSession ? (config.ssoSession.name ?? config.ssoSession.startUrl) : null,
  };
}
