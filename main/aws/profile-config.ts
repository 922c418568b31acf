import { loadSharedConfigFiles, loadSsoSessionData } from '@smithy/shared-ini-file-loader';
import { readFile } from 'node:fs/promises';
import { lintIni } from './ini-lint';
import { diagnoseProfiles, type ConfigProblem } from './profile-diagnostics';
import { sharedConfigPaths } from './profiles';

export type { ConfigProblem } from './profile-diagnostics';

/** How a profile gets its credentials (what `fromIni` will do with it). */
export type ProfileKind = 'static' | 'assume-role' | 'sso' | 'process' | 'env' | 'none';

/** Name of the pseudo-profile that stands for AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment. */
export const ENVIRONMENT_PROFILE = '<environment>';

/** An `[sso-session name]` section, or the legacy start URL/region written in the profile itself. */
export interface SsoSessionConfig {
  /** Null for a legacy profile (sso_start_url in the profile; the token cache is keyed by the URL). */
  name: string | null;
  startUrl: string | null;
  region: string | null;
  /** `sso_registration_scopes`, comma separated in the file. */
  scopes: string[];
}

/** One profile, classified without calling AWS. No secret values are kept here. */
export interface ProfileConfig {
  name: string;
  kind: ProfileKind;
  region: string | null;
  /** Best guess without calling AWS: `sso_account_id`, `aws_account_id` or the role ARN's account; '' when unknown. */
  accountId: string;
  roleArn: string | null;
  sourceProfile: string | null;
  credentialSource: string | null;
  mfaSerial: string | null;
  /** The MFA device some role in the source_profile chain needs (this profile's own first); the picker's "MFA" badge. */
  chainMfaSerial: string | null;
  ssoSession: SsoSessionConfig | null;
  ssoAccountId: string | null;
  ssoRoleName: string | null;
  /** `ca_bundle`: a PEM file of extra trusted CAs. */
  caBundle: string | null;
  /** `endpoint_url`: one endpoint for every service of this profile. */
  endpointUrl: string | null;
  /** `ignore_configured_endpoint_urls = true` in the profile. */
  ignoreConfiguredEndpointUrls: boolean;
  /** Endpoint per service from the `[services x]` section the profile names, keyed by config service id (`ssm`, `sso_oidc`). */
  serviceEndpoints: Record<string, string>;
}

/** Everything read from the shared files, with what is wrong in them. */
export interface SharedConfig {
  profiles: ProfileConfig[];
  problems: ConfigProblem[];
  configFilepath: string;
  credentialsFilepath: string;
  /** The profile AWS_PROFILE names (or `default`), as the CLI would use it. */
  defaultProfile: string;
  /** Shared files that exist but could not be read: a profile missing from the list may be in them. */
  unreadableFiles: string[];
}

type Section = Record<string, string | undefined>;

/** Reads and classifies the shared config and credentials files; missing files mean no profiles. */
export async function readSharedConfig(env: NodeJS.ProcessEnv): Promise<SharedConfig> {
  const { configFilepath, credentialsFilepath } = sharedConfigPaths(env);
  const problems: ConfigProblem[] = [];
  const configLint = await lintFile(configFilepath, 'config', problems);
  const credentialsLint = await lintFile(credentialsFilepath, 'credentials', problems);
  // The SDK's own parser decides the values, so Capstan sees exactly what fromIni will use.
  const files = await loadSharedConfigFiles({ configFilepath, filepath: credentialsFilepath, ignoreCache: true });
  const ssoSessions = (await loadSsoSessionData({ configFilepath })) as Record<string, Section>;
  const merged: Record<string, Section> = {};
  for (const [key, values] of Object.entries(files.configFile)) {
    if (!key.startsWith('sso-session.') && !key.startsWith('services.')) merged[key] = { ...values };
  }
  // Same precedence as the SDK's parseKnownFiles: the credentials file wins.
  for (const [key, values] of Object.entries(files.credentialsFile)) merged[key] = { ...merged[key], ...values };

  const services = (name: string | undefined): Record<string, string> => servicesSection(files.configFile[`services.${name}`]);
  const profiles = Object.keys(merged)
    .sort()
    .map((name) => ({ ...classifyProfile(name, merged[name]!, ssoSessions, services), chainMfaSerial: chainMfaSerial(name, merged) }));
  const environment = environmentProfile(env);
  if (environment) profiles.unshift(environment);
  problems.push(...diagnoseProfiles(merged, ssoSessions, configLint.sectionLines, configFilepath));
  const unreadableFiles = [configLint, credentialsLint].filter((lint) => lint.unreadable).map((lint) => lint.path);
  return { profiles, problems, configFilepath, credentialsFilepath, defaultProfile: env.AWS_PROFILE || 'default', unreadableFiles };
}

/** The environment's own credentials as a profile, when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set. */
export function environmentProfile(env: NodeJS.ProcessEnv): ProfileConfig | null {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return null;
  return {
    ...emptyProfile(ENVIRONMENT_PROFILE, 'env'),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || null,
    accountId: /^\d{12}$/.test(env.AWS_ACCOUNT_ID ?? '') ? env.AWS_ACCOUNT_ID! : '',
    caBundle: null,
  };
}

function classifyProfile(
  name: string,
  data: Section,
  ssoSessions: Record<string, Section>,
  services: (name: string | undefined) => Record<string, string>,
): ProfileConfig {
  const profile = emptyProfile(name, kindOf(data));
  const roleAccount = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(data.role_arn ?? '')?.[1];
  profile.region = data.region || null;
  profile.accountId = data.sso_account_id ?? data.aws_account_id ?? roleAccount ?? '';
  profile.roleArn = data.role_arn ?? null;
  profile.sourceProfile = data.source_profile ?? null;
  profile.credentialSource = data.credential_source ?? null;
  profile.mfaSerial = data.mfa_serial ?? null;
  profile.ssoAccountId = data.sso_account_id ?? null;
  profile.ssoRoleName = data.sso_role_name ?? null;
  profile.caBundle = data.ca_bundle ?? null;
  profile.endpointUrl = data.endpoint_url ?? null;
  profile.ignoreConfiguredEndpointUrls = (data.ignore_configured_endpoint_urls ?? '').toLowerCase() === 'true';
  profile.serviceEndpoints = services(data.services);
  if (profile.kind === 'sso') {
    const session = data.sso_session ? ssoSessions[data.sso_session] : undefined;
    profile.ssoSession = data.sso_session
      ? {
          name: data.sso_session,
          startUrl: session?.sso_start_url ?? null,
          region: session?.sso_region ?? null,
          scopes: (session?.sso_registration_scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        }
      : { name: null, startUrl: data.sso_start_url ?? null, region: data.sso_region ?? null, scopes: [] };
  }
  return profile;
}

/** Follows source_profile links (stopping at keys or a loop) for the first mfa_serial fromIni will ask for. */
function chainMfaSerial(name: string, profiles: Record<string, Section>): string | null {
  const seen = new Set<string>();
  let current: string | undefined = name;
  while (current && !seen.has(current)) {
    seen.add(current);
    const data: Section | undefined = profiles[current];
    if (!data?.role_arn) return null;
    if (data.mfa_serial) return data.mfa_serial;
    current = data.source_profile;
  }
  return null;
}

/** Mirrors the order fromIni tries (credential-provider-ini resolveProfileData). */
function kindOf(data: Section): ProfileKind {
  if (data.role_arn && (data.source_profile || data.credential_source)) return 'assume-role';
  if (data.aws_access_key_id && data.aws_secret_access_key) return 'static';
  // A role without a source (or with a web identity token file) is still a role; diagnostics say what is missing.
  if (data.role_arn) return 'assume-role';
  if (data.credential_process) return 'process';
  if (data.sso_session || data.sso_start_url || data.sso_account_id || data.sso_role_name || data.sso_region) return 'sso';
  return 'none';
}

function emptyProfile(name: string, kind: ProfileKind): ProfileConfig {
  return {
    name,
    kind,
    region: null,
    accountId: '',
    roleArn: null,
    sourceProfile: null,
    credentialSource: null,
    mfaSerial: null,
    chainMfaSerial: null,
    ssoSession: null,
    ssoAccountId: null,
    ssoRoleName: null,
    caBundle: null,
    endpointUrl: null,
    ignoreConfiguredEndpointUrls: false,
    serviceEndpoints: {},
  };
}

/** `ssm =\n  endpoint_url = …` parses to `ssm.endpoint_url`; keyed by the lower-case service id. */
function servicesSection(section: Section | undefined): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const [key, value] of Object.entries(section ?? {})) {
    const match = /^([\w-]+)\.endpoint_url$/.exec(key);
    if (match && value) endpoints[match[1]!.toLowerCase()] = value;
  }
  return endpoints;
}

async function lintFile(
  path: string,
  kind: 'config' | 'credentials',
  problems: ConfigProblem[],
): Promise<{ path: string; sectionLines: Map<string, number>; unreadable: boolean }> {
  const sectionLines = new Map<string, number>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      problems.push({ profile: null, file: path, message: `The ${kind} file ${path} could not be read (${code ?? 'error'}).`, fix: 'Check that the file exists and that you may read it.' });
    }
    return { path, sectionLines, unreadable: code !== 'ENOENT' };
  }
  const { problems: lineProblems, sections } = lintIni(text, kind);
  for (const p of lineProblems) {
    problems.push({ profile: null, file: path, line: p.line, message: `${path} line ${p.line}: ${p.message}`, fix: 'Correct the line; until then the AWS tools skip it.' });
  }
  for (const s of sections) {
    const name = s.header === 'default' ? 'default' : /^profile\s+(.+)$/.exec(s.header)?.[1]?.replace(/^["']|["']$/g, '');
    if (name && !sectionLines.has(name)) sectionLines.set(name, s.line);
  }
  return { path, sectionLines, unreadable: false };
}
