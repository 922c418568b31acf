/**
 * Checks profiles the way fromIni will resolve them, without calling AWS, so a broken profile is
 * reported by name with what to change before the operator picks it.
 */

/** Something wrong in the shared files; `profile` is null for file-level problems. */
export interface ConfigProblem {
  profile: string | null;
  file?: string;
  line?: number;
  message: string;
  /** What the operator should do. */
  fix: string;
}

type Section = Record<string, string | undefined>;

/** The credential sources fromIni accepts in `credential_source`. */
const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];

/** Diagnoses every profile; `sectionLines` maps a profile name to its header line in the config file. */
export function diagnoseProfiles(
  profiles: Record<string, Section>,
  ssoSessions: Record<string, Section>,
  sectionLines: Map<string, number>,
  configFilepath: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of Object.keys(profiles).sort()) {
    const line = sectionLines.get(name);
    const where = line ? { file: configFilepath, line } : {};
    for (const [message, fix] of diagnoseProfile(name, profiles, ssoSessions)) {
      problems.push({ profile: name, ...where, message, fix });
    }
  }
  return problems;
}

function diagnoseProfile(name: string, profiles: Record<string, Section>, ssoSessions: Record<string, Section>): Array<[string, string]> {
  const data = profiles[name]!;
  const found: Array<[string, string]> = [];
  if (data.aws_access_key_id && !data.aws_secret_access_key) {
    found.push([`Profile "${name}" has aws_access_key_id but no aws_secret_access_key.`, `Add aws_secret_access_key to [${name}] in the credentials file.`]);
  }
  if (!data.aws_access_key_id && data.aws_secret_access_key) {
    found.push([`Profile "${name}" has aws_secret_access_key but no aws_access_key_id.`, `Add aws_access_key_id to [${name}] in the credentials file.`]);
  }
  if (data.role_arn) found.push(...diagnoseRole(name, profiles));
  else if (isSso(data)) found.push(...diagnoseSso(name, data, ssoSessions));
  else if (!data.aws_access_key_id && !data.aws_secret_access_key && !data.credential_process && !data.credential_source && !data.login_session) {
    found.push([
      `Profile "${name}" has no credentials.`,
      'Add aws_access_key_id and aws_secret_access_key, role_arn with source_profile, sso_session, or credential_process to it.',
    ]);
  }
  if (data.credential_source && !CREDENTIAL_SOURCES.includes(data.credential_source)) {
    found.push([
      `Profile "${name}" has credential_source = ${data.credential_source}, which the AWS SDK does not know.`,
      `Use one of ${CREDENTIAL_SOURCES.join(', ')}.`,
    ]);
  }
  return found;
}

function diagnoseRole(name: string, profiles: Record<string, Section>): Array<[string, string]> {
  const data = profiles[name]!;
  if (data.web_identity_token_file) return [];
  if (data.source_profile && data.credential_source) {
    return [[`Profile "${name}" sets both source_profile and credential_source.`, 'Keep one of them: the AWS tools refuse a role profile with both.']];
  }
  if (!data.source_profile && !data.credential_source) {
    return [[`Profile "${name}" has role_arn but no source_profile or credential_source to assume it with.`, 'Add source_profile = <a profile with credentials> to it.']];
  }
  if (!data.source_profile) return [];
  return walkChain(name, profiles);
}

/**
 * Follows source_profile links exactly as credential-provider-ini does: a profile reached as a
 * source that has static keys ends the chain (so a profile may name itself as its source), and a
 * profile visited twice is a loop.
 */
function walkChain(name: string, profiles: Record<string, Section>): Array<[string, string]> {
  const path = [name];
  const visited = new Set<string>();
  let current = profiles[name]!;
  for (;;) {
    const source = current.source_profile;
    if (!source || current.credential_source) return [];
    if (visited.has(source)) {
      return [[`The role chain of profile "${name}" loops: ${[...path, source].join(' → ')}.`, 'Point one source_profile in the chain at a profile with credentials of its own.']];
    }
    const next = profiles[source];
    if (!next) {
      const via = path.length > 1 ? ` (via ${path.join(' → ')})` : '';
      return [[`Profile "${path[path.length - 1]}" names source_profile "${source}", which is not in the config or credentials file${via}.`, `Add a [${source}] profile with credentials, or correct source_profile in "${path[path.length - 1]}".`]];
    }
    visited.add(source);
    path.push(source);
    if (hasStaticKeys(next)) return [];
    if (!next.role_arn) {
      if (next.credential_process || isSso(next) || next.credential_source) return [];
      return [[`Profile "${name}" gets its credentials from "${source}", which has none.`, `Add credentials to "${source}" or choose another source_profile.`]];
    }
    current = next;
  }
}

function diagnoseSso(name: string, data: Section, ssoSessions: Record<string, Section>): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  if (data.sso_session) {
    const session = ssoSessions[data.sso_session];
    if (!session) {
      return [[`Profile "${name}" names sso_session "${data.sso_session}", but there is no [sso-session ${data.sso_session}] section.`, `Add [sso-session ${data.sso_session}] with sso_start_url and sso_region to the config file.`]];
    }
    for (const key of ['sso_start_url', 'sso_region']) {
      if (!session[key]) found.push([`The [sso-session ${data.sso_session}] used by profile "${name}" has no ${key}.`, `Add ${key} to [sso-session ${data.sso_session}].`]);
    }
  } else {
    for (const key of ['sso_start_url', 'sso_region']) {
      if (!data[key]) found.push([`SSO profile "${name}" has no ${key} (and no sso_session).`, `Add sso_session = <name> with an [sso-session] section, or ${key} to the profile.`]);
    }
  }
  for (const key of ['sso_account_id', 'sso_role_name']) {
    if (!data[key]) found.push([`SSO profile "${name}" has no ${key}, so it can sign in but not get credentials.`, `Add ${key} to profile "${name}" (aws configure sso writes it).`]);
  }
  return found;
}

function isSso(data: Section): boolean {
  return Boolean(data.sso_session || data.sso_start_url || data.sso_account_id || data.sso_role_name || data.sso_region);
}

function hasStaticKeys(data: Section): boolean {
  return Boolean(data.aws_access_key_id && data.aws_secret_access_key);
}
