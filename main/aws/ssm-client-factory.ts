import { SSMClient } from '@aws-sdk/client-ssm';
import { fromIni } from '@aws-sdk/credential-providers';

/** Where a workspace's SSM calls go: the in-process training fleet, or an AWS profile and region. */
export type SsmTarget =
  | { kind: 'training'; endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  | { kind: 'profile'; profile: string; region: string; configFilepath?: string; credentialsFilepath?: string };

/** Builds an SSM client with adaptive retry, so throttling slows us down instead of failing the sync. */
export function createSsmClient(target: SsmTarget, options: { maxAttempts?: number } = {}): SSMClient {
  const common = { region: target.region, retryMode: 'adaptive', maxAttempts: options.maxAttempts ?? 5 } as const;
  if (target.kind === 'training') {
    return new SSMClient({ ...common, endpoint: target.endpoint, credentials: target.credentials });
  }
  return new SSMClient({
    ...common,
    credentials: fromIni({
      profile: target.profile,
      ...(target.configFilepath ? { configFilepath: target.configFilepath } : {}),
      ...(target.credentialsFilepath ? { filepath: target.credentialsFilepath } : {}),
    }),
  });
}
