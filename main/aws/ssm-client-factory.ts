import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Where a workspace's SSM calls go: the in-process training fleet (static keys, loopback endpoint), or
 * an AWS profile and region (whose clients AwsClientFactory builds, with MFA, SSO, proxy and CA).
 */
export type SsmTarget =
  | { kind: 'training'; endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  | { kind: 'profile'; profile: string; region: string };

export type TrainingTarget = Extract<SsmTarget, { kind: 'training' }>;

/** An SSM client for the training fleet with adaptive retry, so throttling slows us down instead of failing the sync. */
export function createSsmClient(target: TrainingTarget, options: { maxAttempts?: number } = {}): SSMClient {
  return new SSMClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: target.credentials,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 5,
  });
}
