import { describe, expect, it } from 'vitest';
import { toAwsError } from '../../../../main/aws/aws-errors';

const context = { service: 'ssm', operation: 'DescribeInstanceInformation' };

describe('toAwsError', () => {
  it('shows the AWS code when AWS sent no message (the SDK says "UnknownError")', () => {
    const error = toAwsError({ name: 'InvalidResourceId', message: 'UnknownError', $metadata: { requestId: 'r-1', httpStatusCode: 400 } }, context);
    expect(error.code).toBe('InvalidResourceId');
    expect(error.message).toBe('DescribeInstanceInformation failed with InvalidResourceId (AWS sent no message).');
    expect(error.toInfo()).toMatchObject({ requestId: 'r-1', awsOperation: 'DescribeInstanceInformation', kind: 'aws' });
  });

  it('keeps the AWS message and marks throttling retryable with advice', () => {
    const error = toAwsError({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }, context);
    expect(error.message).toContain('ThrottlingException: Rate exceeded');
    expect(error.retryable).toBe(true);
    expect(error.hint).toMatch(/rate-limiting/);
  });

  it('gives every throttling code the same translatable advice', () => {
    for (const name of ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']) {
      const info = toAwsError({ name, message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }, context).toInfo();
      expect(info).toMatchObject({ retryable: true, text: { key: 'aws.failed', params: { code: name, awsMessage: 'Rate exceeded' } }, hintText: { key: 'aws.throttledHint' } });
    }
  });

  it('treats 5xx as retryable and access denied as not', () => {
    expect(toAwsError({ name: 'SomethingNew', message: 'x', $metadata: { httpStatusCode: 503 } }, context).retryable).toBe(true);
    expect(toAwsError({ name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 400 } }, context).retryable).toBe(false);
  });

  it('names the unreachable endpoint for network errors', () => {
    const error = toAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { ...context, endpoint: 'http://127.0.0.1:9' });
    expect(error.code).toBe('EndpointUnreachable');
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Could not reach http://127.0.0.1:9 (ECONNREFUSED).');
  });

  it('explains a credentials failure and points at the profile files', () => {
    const error = toAwsError({ name: 'CredentialsProviderError', message: 'Could not resolve credentials using profile: [ghost]' }, context);
    expect(error.kind).toBe('credentials');
    expect(error.message).toContain('[ghost]');
    expect(error.hint).toMatch(/~\/\.aws\/config/);
  });

  it('turns an abort into a cancellation, not a failure', () => {
    expect(toAwsError({ name: 'AbortError', message: 'aborted' }, context).kind).toBe('cancelled');
  });
});
