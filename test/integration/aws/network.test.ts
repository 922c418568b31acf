import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { toAwsError } from '../../../main/aws/aws-errors';
import { AwsClientFactory } from '../../../main/aws/client-factory';
import type { AwsError } from '../../../main/errors/app-error';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { closedPort, startLoopbackProxy, type LoopbackProxy } from './loopback-proxy';
import { startTlsFront, TEST_CA_PATH, type TlsFront } from './tls-front';

let sim: RunningSimulator;
let front: TlsFront;
let proxy: LoopbackProxy;
let dir: string;
const factories: AwsClientFactory[] = [];

beforeAll(async () => {
  sim = await startSimulator({ nodes: 20 });
  front = await startTlsFront(sim.endpoint);
  proxy = await startLoopbackProxy();
  dir = mkdtempSync(join(tmpdir(), 'capstan-network-'));
  const keys = sim.accounts[0]!.credentials;
  writeFileSync(join(dir, 'credentials'), ['[plain]', '[tls]', '[tls-trusted]'].flatMap((h) => [h, `aws_access_key_id = ${keys.accessKeyId}`, `aws_secret_access_key = ${keys.secretAccessKey}`]).join('\n'));
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile plain]',
      `endpoint_url = ${sim.endpoint}`,
      '[profile tls]',
      `endpoint_url = ${front.endpoint}`,
      '[profile tls-trusted]',
      `endpoint_url = ${front.endpoint}`,
      `ca_bundle = ${TEST_CA_PATH}`,
    ].join('\n'),
  );
});

afterEach(() => {
  while (factories.length) factories.pop()!.destroy();
  proxy.tunnels.length = 0;
  proxy.forwarded.length = 0;
});

afterAll(async () => {
  await proxy?.close();
  await front?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function factory(extraEnv: NodeJS.ProcessEnv = {}): AwsClientFactory {
  const made = new AwsClientFactory({
    env: { HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), ...extraEnv },
    askMfaCode: () => Promise.reject(new Error('no MFA here')),
  });
  factories.push(made);
  return made;
}

async function listNodes(f: AwsClientFactory, profile: string): Promise<number> {
  const ssm = await f.ssm(profile, 'eu-west-1', { maxAttempts: 1 });
  try {
    return (await ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList?.length ?? 0;
  } catch (error) {
    throw toAwsError(error, { service: 'ssm', operation: 'DescribeInstanceInformation' });
  }
}

describe('proxy, NO_PROXY and CA bundle', () => {
  it('sends plain-http calls through HTTP_PROXY as absolute URIs, SSM and STS alike', async () => {
    const f = factory({ HTTP_PROXY: proxy.url });
    expect(await listNodes(f, 'plain')).toBeGreaterThan(0);
    await f.callerIdentity('plain', 'eu-west-1');
    expect(proxy.forwarded).toHaveLength(2);
    expect(proxy.forwarded[0]).toBe(`${sim.endpoint}/`);
  });

  it('goes direct for hosts in NO_PROXY (loopback only when listed)', async () => {
    expect(await listNodes(factory({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }), 'plain')).toBeGreaterThan(0);
    expect(proxy.forwarded).toHaveLength(0);
  });

  it('names the profile and the variable when the proxy refuses connections', async () => {
    const refusing = `http://127.0.0.1:${await closedPort()}`;
    const error = (await listNodes(factory({ HTTP_PROXY: refusing }), 'plain').catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('ProxyRefused');
    expect(error.message).toBe(`Profile "plain": the proxy ${refusing} (from HTTP_PROXY) could not be reached (ECONNREFUSED).`);
  });

  it('refuses an untrusted certificate and says to set ca_bundle / AWS_CA_BUNDLE', async () => {
    const error = (await listNodes(factory(), 'tls').catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('CertificateUntrusted');
    expect(error.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.hint).toMatch(/ca_bundle.*AWS_CA_BUNDLE/);
  });

  it('trusts the TLS front with the profile\'s ca_bundle or AWS_CA_BUNDLE, on top of the public roots', async () => {
    const before = front.requests;
    expect(await listNodes(factory(), 'tls-trusted')).toBeGreaterThan(0);
    expect(await listNodes(factory({ AWS_CA_BUNDLE: TEST_CA_PATH }), 'tls')).toBeGreaterThan(0);
    expect(front.requests - before).toBe(2);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT and still checks the endpoint against the CA bundle', async () => {
    const f = factory({ HTTPS_PROXY: proxy.url });
    const connections = front.connections;
    expect(await listNodes(f, 'tls-trusted')).toBeGreaterThan(0);
    expect(await listNodes(f, 'tls-trusted')).toBeGreaterThan(0);
    await f.callerIdentity('tls-trusted', 'eu-west-1');
    // Kept alive: SSM and STS calls of the profile share one tunnel and one TLS session.
    expect(proxy.tunnels).toEqual([new URL(front.endpoint).host]);
    expect(front.connections - connections).toBe(1);
    const untrusted = (await listNodes(factory({ HTTPS_PROXY: proxy.url }), 'tls').catch((e: unknown) => e)) as AwsError;
    expect(untrusted.code).toBe('CertificateUntrusted');
  });

  it('names the profile and the setting when the CA bundle cannot be read', async () => {
    const missing = join(dir, 'no-such-ca.pem');
    const error = (await factory({ AWS_CA_BUNDLE: missing }).ssm('plain', 'eu-west-1').catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('CaBundleUnreadable');
    expect(error.message).toBe(`Profile "plain": The CA bundle ${missing} (from AWS_CA_BUNDLE) could not be read (ENOENT).`);
  });

  it('gives the session data channel a WebSocket agent that tunnels through the proxy', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${String(data)}`)));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/data-channel/s-1`;
    try {
      const agent = await factory({ HTTP_PROXY: proxy.url }).webSocketAgentFor('plain', 'eu-west-1', url);
      const socket = new WebSocket(url, { agent });
      await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      socket.send('ping');
      expect(await reply).toBe('echo ping');
      expect(proxy.tunnels).toEqual([new URL(url).host]);
      socket.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
