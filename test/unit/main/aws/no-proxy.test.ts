import { describe, expect, it } from 'vitest';
import { parseNoProxy } from '../../../../main/aws/no-proxy';

describe('NO_PROXY matching (curl and AWS CLI rules)', () => {
  it('matches a host and its subdomains, never a look-alike', () => {
    const list = parseNoProxy('amazonaws.com');
    expect(list.bypasses('amazonaws.com', 443)).toBe(true);
    expect(list.bypasses('ssm.eu-west-1.amazonaws.com', 443)).toBe(true);
    expect(list.bypasses('SSM.EU-WEST-1.AMAZONAWS.COM', 443)).toBe(true);
    expect(list.bypasses('notamazonaws.com', 443)).toBe(false);
    expect(list.bypasses('amazonaws.com.evil.example', 443)).toBe(false);
  });

  it('treats ".suffix" and "*.suffix" like "suffix"', () => {
    for (const value of ['.corp.example', '*.corp.example']) {
      const list = parseNoProxy(value);
      expect(list.bypasses('vpce.corp.example', 443)).toBe(true);
      expect(list.bypasses('corp.example', 443)).toBe(true);
      expect(list.bypasses('xcorp.example', 443)).toBe(false);
    }
  });

  it('honours ports when an entry names one', () => {
    const list = parseNoProxy('internal.example:8443, [::1]:9000');
    expect(list.bypasses('internal.example', 8443)).toBe(true);
    expect(list.bypasses('internal.example', 443)).toBe(false);
    expect(list.bypasses('::1', 9000)).toBe(true);
    expect(list.bypasses('[::1]', 9001)).toBe(false);
  });

  it('matches IP addresses and CIDR ranges', () => {
    const list = parseNoProxy('10.0.0.0/8,192.168.1.7,::1');
    expect(list.bypasses('10.20.30.40', 443)).toBe(true);
    expect(list.bypasses('11.0.0.1', 443)).toBe(false);
    expect(list.bypasses('192.168.1.7', 80)).toBe(true);
    expect(list.bypasses('192.168.1.8', 80)).toBe(false);
    expect(list.bypasses('[::1]', 80)).toBe(true);
  });

  it('"*" bypasses everything; empty bypasses nothing, loopback included', () => {
    expect(parseNoProxy('*').bypasses('ssm.us-east-1.amazonaws.com', 443)).toBe(true);
    expect(parseNoProxy('').bypasses('127.0.0.1', 80)).toBe(false);
    expect(parseNoProxy(undefined).bypasses('localhost', 80)).toBe(false);
    expect(parseNoProxy('localhost,127.0.0.1').bypasses('127.0.0.1', 4566)).toBe(true);
  });
});
