import { KMSClient } from '@aws-sdk/client-kms';
import { fromIni } from '@aws-sdk/credential-providers';
import type { SsmTarget } from './ssm-client-factory';

/**
 * Builds a KMS client for the same credentials, region and endpoint as a workspace's SSM client:
 * KMS-encrypted sessions (session-protocol.md §8) need GenerateDataKey as the caller who started
 * the session. The training fleet serves KMS on its SSM endpoint, so the override is shared.
 */
export function createKmsClient(target: SsmTarget, options: { maxAttempts?: number } = {}): KMSClient {
  // Few attempts: the agent gives the client ~15 s to answer the handshake (§8.9).
  const common = { region: target.region, retryMode: 'standard', maxAttempts: options.maxAttempts ?? 3 } as const;
  if (target.kind === 'training') {
    return new KMSClient({ ...common, endpoint: target.endpoint, credentials: target.credentials });
  }
  return new KMSClient({
    ...common,
    credentials: fromIni({
      profile: target.profile,
      ...(target.configFilepath ? { configFilepath: target.configFilepath } : {}),
      ...(target.credentialsFilepath ? { filepath: target.credentialsFilepath } : {}),
    }),
  });
}
