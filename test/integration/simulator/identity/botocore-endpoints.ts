import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AWS CLI 2.9 cannot point its SSO OIDC and portal clients at an endpoint (endpoint_url arrived
 * in 2.13), but botocore loads model files from AWS_DATA_PATH before its own: an endpoint rule
 * set whose only rule answers `endpoint` sends those two services to the simulator.
 */

const BUILTIN_DATA = '/usr/lib/python3/dist-packages/awscli/botocore/data';
const SERVICES = ['sso-oidc', 'sso'];
const API_VERSION = '2019-06-10';

/** Writes the override rule sets under `folder`; returns the value for AWS_DATA_PATH. */
export function botocoreDataPath(folder: string, endpoint: string): string {
  if (!existsSync(BUILTIN_DATA)) {
    throw new Error(`botocore models not found at ${BUILTIN_DATA}: the SSO case needs Debian's awscli package (apt-get install -y awscli).`);
  }
  for (const service of SERVICES) {
    const dir = join(folder, service, API_VERSION);
    mkdirSync(dir, { recursive: true });
    // Keep the service's own parameter declarations: botocore fills them from its builtins.
    const builtin = JSON.parse(readFileSync(join(BUILTIN_DATA, service, API_VERSION, 'endpoint-rule-set-1.json'), 'utf8')) as Record<string, unknown>;
    const ruleSet = { ...builtin, rules: [{ conditions: [], endpoint: { url: endpoint, properties: {}, headers: {} }, type: 'endpoint' }] };
    writeFileSync(join(dir, 'endpoint-rule-set-1.json'), JSON.stringify(ruleSet));
  }
  return folder;
}
