import { describe, expect, it } from 'vitest';
import { stsFailure, toStsError, xmlMembers } from '../../../../../main/simulator/identity/sts-wire';
import { awsError } from '../../../../../main/simulator/wire-errors';

describe('STS wire', () => {
  it('renames the signature failures as STS names them, with its statuses', () => {
    expect(toStsError(awsError('UnrecognizedClientException', 'x'))).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
    expect(toStsError(awsError('ExpiredTokenException', 'The security token included in the request is expired'))).toMatchObject({
      code: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    expect(toStsError(awsError('InvalidSignatureException', 'Signature expired'))).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(toStsError(new Error('boom'))).toMatchObject({ code: 'InternalFailure', status: 500 });
  });

  it('escapes member text and writes errors in the ErrorResponse form', () => {
    expect(xmlMembers([['Arn', 'a<b>&"c'], ['Skipped', undefined]])).toBe('<Arn>a&lt;b&gt;&amp;&quot;c</Arn>');
    const answer = stsFailure('AssumeRole', toStsError(awsError('UnrecognizedClientException')), 'req-1', 'eu-west-1');
    expect(answer.status).toBe(403);
    expect(answer.body).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>' +
        '<Message>The security token included in the request is invalid.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
    );
    expect(answer.operation).toBe('sts:AssumeRole');
  });
});
