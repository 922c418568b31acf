import { KMSClient } from '@aws-sdk/client-kms';
import type { TrainingTarget } from './ssm-client-factory';

/**
 * A KMS client for the training fleet's credentials, region and endpoint: KMS-encrypted sessions
 * (session-protocol.md §8) need GenerateDataKey as the caller who started the session. The training
 * fleet serves KMS on its SSM endpoint. Profiles get theirs from AwsClientFactory.
 */
export function createKmsClient(target: TrainingTarget, options: { maxAttempts?: number } = {}): KMSClient {
  // Few attempts: the agent gives the client ~15 s to answer the handshake (§8.9).
  return new KMSClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: target.credentials,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 3,
  });
}
