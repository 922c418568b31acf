import { describe, expect, it } from 'vitest';
import { PageTokenCodec, requestScope } from '../../../../main/simulator/page-token';
import { SimulatedAwsError } from '../../../../main/simulator/wire-errors';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimulatedAwsError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('PageTokenCodec', () => {
  const codec = new PageTokenCodec();
  const scope = requestScope({ filters: [] });

  it('round-trips the cursor for the same operation and query', () => {
    const token = codec.issue('DescribeInstanceInformation', scope, 149);
    expect(token).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(codec.read(token, 'DescribeInstanceInformation', scope)).toBe(149);
  });

  it('refuses tokens from another operation, another query or another simulator', () => {
    const token = codec.issue('DescribeInstanceInformation', scope, 10);
    expect(code(() => codec.read(token, 'GetInventory', scope))).toBe('InvalidNextToken');
    expect(code(() => codec.read(token, 'DescribeInstanceInformation', requestScope({ filters: ['x'] })))).toBe('InvalidNextToken');
    expect(code(() => new PageTokenCodec().read(token, 'DescribeInstanceInformation', scope))).toBe('InvalidNextToken');
  });

  it('refuses a token whose cursor was edited, even with valid base64', () => {
    const token = codec.issue('DescribeInstanceInformation', scope, 10);
    const raw = Buffer.from(token, 'base64');
    const forged = Buffer.from(raw.toString('latin1').replace('"a":10', '"a":90'), 'latin1').toString('base64');
    expect(forged).not.toBe(token);
    expect(code(() => codec.read(forged, 'DescribeInstanceInformation', scope))).toBe('InvalidNextToken');
  });

  it('refuses junk', () => {
    for (const junk of ['', 'bogus', '!!!!', 'AAAA', `${codec.issue('X', scope, 1)} `]) {
      expect(code(() => codec.read(junk, 'X', scope))).toBe('InvalidNextToken');
    }
  });
});
