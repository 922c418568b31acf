import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { toAwsError } from '../../../../../main/aws/aws-errors';
import { asAppError } from '../../../../../main/errors/app-error';
import { parseFleetFilter } from '../../../../../main/fleet/fleet-query';
import type { ErrorInfo } from '../../../../../preload/contract/define';
import { errorHint, errorMessage } from '../../../../../renderer/src/lib/error-text';
import { i18nOptions } from '../../../../../renderer/src/lib/i18n';

function translator(lng: 'en' | 'ja'): TFunction {
  const i18n = i18next.createInstance();
  void i18n.init(i18nOptions(lng));
  return i18n.t.bind(i18n);
}

/** The ErrorInfo main answers with when the quick filter text is refused. */
function filterError(text: string): ErrorInfo {
  try {
    parseFleetFilter(text);
  } catch (error) {
    return asAppError(error).toInfo();
  }
  throw new Error(`"${text}" parsed`);
}

describe('error text shown to the operator', () => {
  it("shows main's filter error in Japanese, naming the field the operator typed", () => {
    const ja = translator('ja');
    const error = filterError('ping:offline bogus:x');
    expect(errorMessage(error, ja)).toBe('絞り込みの項目「bogus」はありません。使える項目：name, id, ping, platform, agent, ip, account, region, tag, app, product');
    expect(errorHint(error, ja)).toBe('「:」を含む語句を検索するには、"引用符" で囲んでください。');
  });

  it("shows main's own English in English", () => {
    const en = translator('en');
    const error = filterError('ping:sideways');
    expect(errorMessage(error, en)).toBe(error.message);
    expect(errorMessage(error, en)).toBe("ping: expects online, offline, connectionlost or inactive, got 'sideways'.");
    expect(errorHint(error, en)).toBeUndefined();
  });

  it("keeps AWS's own message as AWS sent it and translates only our frame and hint", () => {
    const ja = translator('ja');
    const error = toAwsError({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }, { service: 'ssm', operation: 'DescribeInstanceInformation' }).toInfo();
    expect(errorMessage(error, ja)).toBe('DescribeInstanceInformation が失敗しました：ThrottlingException: Rate exceeded');
    expect(errorHint(error, ja)).toMatch(/^AWS がこのアカウントとリージョンへのリクエストを制限/);
  });

  it("falls back to main's English for a key this build does not know, or no key at all", () => {
    const ja = translator('ja');
    const unknown: ErrorInfo = {
      code: 'ValidationError',
      kind: 'validation',
      retryable: false,
      message: 'Something main says in English.',
      text: { key: 'filter.renamedSinceThisRowWasCached' },
      hint: 'Do this.',
      hintText: { key: 'filter.alsoUnknown' },
    };
    expect(errorMessage(unknown, ja)).toBe('Something main says in English.');
    expect(errorHint(unknown, ja)).toBe('Do this.');
    const plain: ErrorInfo = { code: 'InvalidInstanceId', kind: 'aws', retryable: false, message: 'Instance i-0abc is not registered.' };
    expect(errorMessage(plain, ja)).toBe('Instance i-0abc is not registered.');
    expect(errorHint(plain, ja)).toBeUndefined();
  });
});
