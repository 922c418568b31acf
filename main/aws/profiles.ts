import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A profile from the AWS shared config files, with what the workspace picker needs. */
export interface AwsProfile {
  name: string;
  /** The profile's `region`, or null when it has none (the picker then offers a default). */
  region: string | null;
  /** Best guess without calling AWS: from `sso_account_id` or a `role_arn`; empty when unknown. */
  accountId: string;
}

/** Paths of the shared files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE like the CLI. */
export function sharedConfigPaths(env: NodeJS.ProcessEnv): { configFilepath: string; credentialsFilepath: string } {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    configFilepath: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsFilepath: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** Lists profiles from both shared files; missing files mean no profiles, not an error. */
export async function listAwsProfiles(env: NodeJS.ProcessEnv): Promise<AwsProfile[]> {
  const { configFilepath, credentialsFilepath } = sharedConfigPaths(env);
  const files = await loadSharedConfigFiles({ configFilepath, filepath: credentialsFilepath, ignoreCache: true });
  const names = new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)]);
  return [...names].sort().map((name) => {
    const config = { ...files.credentialsFile[name], ...files.configFile[name] };
    const roleAccount = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(config.role_arn ?? '')?.[1];
    return { name, region: config.region ?? null, accountId: config.sso_account_id ?? roleAccount ?? '' };
  });
}
