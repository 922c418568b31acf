import { BlockList, isIP } from 'node:net';

/**
 * NO_PROXY matching as curl and the AWS CLI (Python's urllib) do it:
 * - comma (or space) separated, case-insensitive; `*` alone bypasses the proxy for every host;
 * - `example.com`, `.example.com` and `*.example.com` all match example.com and every subdomain,
 *   never `notexample.com`;
 * - `host:port` matches that port only (the CLI's rule; curl ignores ports);
 * - IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`) match addresses (curl ≥ 7.86);
 * - loopback is NOT bypassed implicitly — neither curl nor the CLI does — so list
 *   `localhost,127.0.0.1,::1` to reach a local endpoint directly.
 */
export interface NoProxyList {
  /** True when a request to host:port must not go through the proxy. */
  bypasses(host: string, port: number): boolean;
}

interface Rule {
  host: string;
  port: number | null;
}

/** Parses a NO_PROXY value; an empty or absent value bypasses nothing. */
export function parseNoProxy(value: string | undefined): NoProxyList {
  const rules: Rule[] = [];
  const ranges = new BlockList();
  let everything = false;
  for (const raw of (value ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') {
      everything = true;
      continue;
    }
    if (addRange(ranges, entry)) continue;
    rules.push(splitHostPort(entry));
  }
  return {
    bypasses(host: string, port: number): boolean {
      if (everything) return true;
      const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
      const family = isIP(name);
      if (family && ranges.check(name, family === 6 ? 'ipv6' : 'ipv4')) return true;
      return rules.some((rule) => (rule.port === null || rule.port === port) && hostMatches(name, rule.host));
    },
  };
}

function hostMatches(host: string, rule: string): boolean {
  return host === rule || host.endsWith(`.${rule}`);
}

/** Splits `host:port`, `[v6]:port`; strips `*.` and a leading dot (they mean "and subdomains", which is the default). */
function splitHostPort(entry: string): Rule {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : null };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  const host = (withPort ? withPort[1]! : entry).replace(/^\*?\./, '').replace(/\.$/, '');
  return { host, port: withPort ? Number(withPort[2]) : null };
}

/** Adds an IP address or CIDR range; false when the entry is a host name. */
function addRange(ranges: BlockList, entry: string): boolean {
  const [address, bits] = entry.replace(/^\[|\]$/g, '').split('/');
  const family = isIP(address ?? '');
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) {
    ranges.addAddress(address!, type);
    return true;
  }
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) return false;
  ranges.addSubnet(address!, prefix, type);
  return true;
}
