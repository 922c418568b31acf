import { Agent, type AgentConnectOpts } from 'agent-base';
import type { ClientRequest } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { connect as netConnect, isIP, type NetConnectOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { NoProxyList } from './no-proxy';

/** A proxy URL and the variable it came from. */
export interface ProxySetting {
  url: URL;
  setting: string;
}

/** Where one profile's connections go: proxies per scheme, NO_PROXY, extra CAs. */
export interface RoutingOptions {
  profile: string;
  httpsProxy: ProxySetting | null;
  httpProxy: ProxySetting | null;
  noProxy: NoProxyList;
  /** Trusted roots for TLS to endpoints (Node's defaults plus the CA bundle), or undefined for Node's defaults. */
  ca: string[] | undefined;
  /** Whether this agent serves https/wss (one agent per scheme keeps Node's socket pool keyed consistently). */
  secure: boolean;
  /** Tunnel plain-http destinations with CONNECT too (WebSockets cannot go through an absolute-URI proxy). */
  tunnelPlainHttp?: boolean;
  keepAlive?: boolean;
}

/** Marks a connection failure that happened at the proxy, so the error names the proxy and not the endpoint. */
export interface ProxyFailure extends Error {
  code?: string;
  proxy?: { url: string; setting: string; profile: string };
}

/**
 * One agent for every request of a profile: picks direct or proxied per destination (NO_PROXY),
 * CONNECT-tunnels https (and WebSockets), sends plain http to the proxy as absolute URIs like curl,
 * and adds the CA bundle to TLS towards the endpoint (the proxy agents alone would drop it).
 */
export class RoutingAgent extends Agent {
  private readonly tunnels = new Map<ProxySetting, HttpsProxyAgent<string>>();
  private readonly forwarders = new Map<ProxySetting, HttpProxyAgent<string>>();

  private readonly routing: RoutingOptions;

  constructor(routing: RoutingOptions) {
    super({ keepAlive: routing.keepAlive ?? true });
    this.routing = routing;
  }

  /**
   * Fixed per agent: agent-base otherwise guesses from the call stack, and a guess that differs
   * between checkout and release keeps kept-alive sockets (and proxy tunnels) from being reused.
   */
  override isSecureEndpoint(): boolean {
    return this.routing.secure;
  }

  /** The proxy a request to this URL would use, or null for a direct connection. */
  proxyFor(target: URL): ProxySetting | null {
    const secure = target.protocol === 'https:' || target.protocol === 'wss:';
    const port = Number(target.port) || (secure ? 443 : 80);
    const proxy = secure ? this.routing.httpsProxy : this.routing.httpProxy;
    if (!proxy || this.routing.noProxy.bypasses(target.hostname, port)) return null;
    return proxy;
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket | Agent> {
    const secure = opts.secureEndpoint;
    const host = opts.host ?? 'localhost';
    const target = new URL(`${secure ? 'https' : 'http'}://${isIP(host) === 6 ? `[${host}]` : host}:${opts.port}`);
    const proxy = this.proxyFor(target);
    const tls = secure ? { ...(this.routing.ca ? { ca: this.routing.ca } : {}), ...(isIP(host) ? {} : { servername: host }) } : {};
    if (!proxy) {
      return secure ? tlsConnect({ ...opts, ...tls } as ConnectionOptions) : netConnect(opts as NetConnectOpts);
    }
    try {
      if (secure || this.routing.tunnelPlainHttp) {
        return await this.tunnel(proxy).connect(req, { ...opts, ...tls } as AgentConnectOpts);
      }
      return await this.forwarder(proxy).connect(req as Parameters<HttpProxyAgent<string>['connect']>[0], opts);
    } catch (error) {
      throw this.proxyFailure(error, proxy);
    }
  }

  override destroy(): void {
    for (const agent of [...this.tunnels.values(), ...this.forwarders.values()]) agent.destroy();
    super.destroy();
  }

  private tunnel(proxy: ProxySetting): HttpsProxyAgent<string> {
    let agent = this.tunnels.get(proxy);
    // The proxy's own certificate may come from the same corporate CA as the endpoints'.
    if (!agent) this.tunnels.set(proxy, (agent = new HttpsProxyAgent(proxy.url.href, this.routing.ca ? { ca: this.routing.ca } : {})));
    return agent;
  }

  private forwarder(proxy: ProxySetting): HttpProxyAgent<string> {
    let agent = this.forwarders.get(proxy);
    if (!agent) this.forwarders.set(proxy, (agent = new HttpProxyAgent(proxy.url.href, this.routing.ca ? { ca: this.routing.ca } : {})));
    return agent;
  }

  private proxyFailure(error: unknown, proxy: ProxySetting): ProxyFailure {
    const failure = (error instanceof Error ? error : new Error(String(error))) as ProxyFailure;
    // Credentials in a proxy URL (user:password@) never reach an error message.
    failure.proxy = { url: redactProxyUrl(proxy.url), setting: proxy.setting, profile: this.routing.profile };
    return failure;
  }
}

/** The proxy URL without user name or password. */
export function redactProxyUrl(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
