/**
 * The English text of every error message and hint main sends with a translation key
 * (ErrorInfo.text / hintText). Main renders these for `message`, `hint`, logs and the audit trail;
 * the renderer uses the same table as its English catalogue and translates the keys into the other
 * languages (renderer/src/locales/features/error-texts.ja.json). `{{name}}` is a parameter: main
 * fills it with what only it knows (a profile, a field, an AWS message, which stays as AWS sent it).
 */
export const errorTexts = {
  // Quick filter of the fleet grid (and of command targets by filter).
  'filter.unclosedQuote': 'Unclosed quote in filter.',
  'filter.unclosedQuoteHint': 'Add the closing " or remove the opening one.',
  'filter.unknownField': "Unknown filter field '{{field}}'. Use one of: {{fields}}.",
  'filter.unknownFieldHint': 'To search for text that contains ":", put it in quotes.',
  'filter.valueMissing': '{{field}}: expects a value, e.g. {{example}}.',
  'filter.pingValue': "ping: expects online, offline, connectionlost or inactive, got '{{value}}'.",
  'filter.tagKeyMissing': 'tag: expects a tag key, e.g. tag:Environment=prod or tag:Environment.',
  'filter.productMissing': 'product: expects a product or family, e.g. product:"Java 8" or product:java.',

  // The fleet grid's own requests.
  'fleet.noWorkspace': 'Choose at least one workspace for the fleet grid.',
  'fleet.noWorkspaceChosen': 'Choose at least one workspace.',
  'fleet.tooManyWorkspaces': 'The grid shows at most {{max}} workspaces at once; watch fewer.',

  // The workspace list (profiles × regions, training accounts).
  'workspaces.unknownOne': 'Unknown workspace: {{ids}}.',
  'workspaces.unknownMany': 'Unknown workspaces: {{ids}}.',
  'workspaces.unknownHint': 'The AWS config files may have changed; reopen the workspace picker.',
  'workspaces.tooMany': 'At most {{max}} workspaces can be watched at once; {{chosen}} were chosen.',
  'workspaces.tooManyHint': 'Untick the accounts or regions you do not need right now.',
  'workspaces.gone': 'Workspace "{{id}}" is no longer in the AWS config files.',
  'workspaces.goneHint': 'Choose another workspace, or add the profile back to ~/.aws/config.',
  'inventory.noWorkspace': 'Choose at least one workspace to search.',
  'licences.noWorkspace': 'Choose at least one workspace to count licences in.',

  // AWS calls: our frame around AWS's own code and message, and what to do per code.
  'aws.failed': '{{operation}} failed: {{code}}: {{awsMessage}}',
  'aws.failedNoMessage': '{{operation}} failed with {{code}} (AWS sent no message).',
  'aws.throttledHint': 'AWS is rate-limiting this account and region. Capstan backs off and retries; try again in a minute.',
  'aws.accessDeniedExceptionHint': 'The credentials of this workspace lack permission for this call. Ask for ssm:Describe*/List* rights or choose another profile.',
  'aws.unknownAccessKeyHint': "The access key is not known to AWS. Check the profile's credentials or sign in again.",
  'aws.invalidSignatureHint': 'The secret key does not match the access key, or the computer clock is off. Check the profile and the clock.',
  'aws.expiredTokenHint': 'The session credentials have expired. Choose "Sign in" on the workspace to get new ones.',
  'aws.unauthorizedHint': 'The SSO sign-in is missing, expired or was revoked. Sign in again.',
  'aws.accessDeniedHint': "These credentials may not make this call (or assume this role). Check the profile's role and its policies.",
  'aws.invalidNextTokenHint': 'The listing changed while it was read. Refresh to start again.',
  'aws.internalErrorHint': 'AWS had an internal error. Retry; if it persists, check the AWS Health Dashboard.',
  'aws.proxyRefused': 'Profile "{{profile}}": the proxy {{proxy}} (from {{setting}}) could not be reached ({{errno}}).',
  'aws.proxyRefusedHint': "Check that the proxy is running, or correct {{setting}}; add the endpoint's host to NO_PROXY if it must be reached directly.",
  'aws.certificateUntrusted': 'The TLS certificate of {{endpoint}} is not trusted ({{reason}}).',
  'aws.certificateUntrustedService': 'The TLS certificate of the {{service}} endpoint is not trusted ({{reason}}).',
  'aws.certificateUntrustedHint': "If a corporate proxy or private CA signs it, set ca_bundle in the profile or AWS_CA_BUNDLE to that CA's PEM file.",
  'aws.proxyAuthRequired': 'The proxy refused {{operation}}: it requires authentication (HTTP 407).',
  'aws.proxyAuthRequiredHint': 'Put the proxy user and password in HTTPS_PROXY (http://user:password@proxy:port), or ask for the endpoints to be allowed.',
  'aws.endpointUnreachable': 'Could not reach {{endpoint}} ({{errno}}).',
  'aws.endpointUnreachableService': 'Could not reach the {{service}} endpoint ({{errno}}).',
  'aws.endpointUnreachableHint': "Check the network, VPN or proxy, the region, and the profile's endpoint_url if it sets one. Cached data stays available.",
  'aws.credentialsUnavailable': 'No usable credentials: {{detail}}.',
  'aws.credentialsUnavailableHint':
    'Check the profile in ~/.aws/config and ~/.aws/credentials: it needs keys, a role with a source profile, credential_process or an SSO session.',

  // Credentials of a profile (credential-errors.ts).
  'credentials.mfaCodeRefused': 'Profile "{{profile}}": AWS rejected the MFA code: {{awsMessage}}',
  'credentials.mfaCodeFormat': 'Profile "{{profile}}": the MFA code for {{serial}} must be six digits.',
  'credentials.assumeRoleDenied': 'Profile "{{profile}}": AssumeRole was denied: {{awsMessage}}',
  'credentials.sourceKeyUnknown': 'Profile "{{profile}}": STS does not know the source access key: {{awsMessage}}',
  'credentials.sourceSessionExpired': 'Profile "{{profile}}": The source session credentials have expired: {{awsMessage}}',
  'credentials.ssoSignInMissing': 'Profile "{{profile}}": The SSO sign-in is missing, expired or revoked ({{awsMessage}})',
  'credentials.sourceProfileMissing': 'Profile "{{profile}}": the source profile "{{source}}" has no usable credentials or does not exist.',
  'credentials.unavailable': 'Profile "{{profile}}": No usable credentials: {{detail}}.',
  'credentials.sdkMessage': 'Profile "{{profile}}": {{detail}}',
  'credentials.mfaCodeRefusedHint': 'Enter the current six-digit code from the MFA device of profile "{{profile}}"; codes change every 30 seconds and each works once.',
  'credentials.assumeRoleDeniedHint': "The source credentials of profile \"{{profile}}\" may not assume its role. Check role_arn and source_profile, and the role's trust policy.",
  'credentials.ssoSignInRequiredHint': 'Sign in again for profile "{{profile}}" (Capstan\'s Sign in, or aws sso login --profile {{profile}}).',
  'credentials.sourceProfileMissingHint': 'Add the missing profile to ~/.aws/config or ~/.aws/credentials, or correct source_profile in "{{profile}}".',
  'credentials.roleChainLoopHint': 'Point one source_profile in the chain of "{{profile}}" at a profile with credentials of its own.',
  'credentials.sourceCredentialsRejectedHint': 'AWS does not know the access key the role of "{{profile}}" is assumed with. Check the source profile\'s keys.',
  'credentials.unavailableHint': 'Check profile "{{profile}}" in ~/.aws/config and ~/.aws/credentials, or sign in again.',

  // Profiles and their network settings.
  'profiles.notFound': 'Profile "{{profile}}" is not in {{configFile}} or {{credentialsFile}}.',
  'profiles.notFoundHint': 'Add the profile back, or choose another workspace.',
  'profiles.notSso': 'Profile "{{profile}}" is not an SSO profile with a start URL and region, so there is nothing to sign in to.',
  'profiles.notSsoHint': 'Add sso_session (with an [sso-session] section) or sso_start_url and sso_region to the profile.',
  'network.invalidProxyUrl': 'Profile "{{profile}}": {{setting}} is not an http(s) proxy URL.',
  'network.invalidProxyUrlHint': 'Set {{setting}} to a URL like http://proxy.example.com:3128, or unset it.',
  'network.caBundleUnreadable': 'Profile "{{profile}}": The CA bundle {{path}} (from {{setting}}) could not be read ({{errno}}).',
  'network.caBundleUnreadableHint': 'Fix the path in {{setting}}, or remove the setting.',
  'network.caBundleNoPem': 'Profile "{{profile}}": The CA bundle {{path}} (from {{setting}}) contains no PEM certificate.',
  'network.caBundleNoPemHint': 'Point it at a PEM file with "-----BEGIN CERTIFICATE-----" blocks.',
  'network.invalidEndpointUrl': 'Profile "{{profile}}": {{setting}} is not an http(s) URL: "{{value}}".',
  'network.invalidEndpointUrlNoProfile': '{{setting}} is not an http(s) URL: "{{value}}".',
  'network.invalidEndpointUrlHint': 'Write the full URL, e.g. https://vpce-0123-abcd.ssm.eu-west-1.vpce.amazonaws.com.',

  // SSO sign-in (device authorization).
  'sso.noDeviceCode': 'IAM Identity Center answered the sign-in request without a device code.',
  'sso.noDeviceCodeHint': 'Try again; if it persists, check the sso_start_url and sso_region.',
  'sso.noAccessToken': 'IAM Identity Center issued no access token.',
  'sso.noAccessTokenHint': 'Sign in again.',
  'sso.notRegistered': 'IAM Identity Center did not register Capstan as a sign-in client.',
  'sso.notRegisteredHint': 'Try again; if it persists, check sso_region.',
  'sso.denied': 'The sign-in was denied in the browser.',
  'sso.deniedHint': 'Start the sign-in again and choose Allow, or use another profile.',
  'sso.codeExpired': 'The sign-in code expired before it was approved.',
  'sso.cancelled': 'Sign-in for profile "{{profile}}" was cancelled.',
  'sso.signInAgainHint': 'Choose "Sign in" to try again.',
  'sso.codeExpiredHint': 'Start the sign-in again and approve the code within 10 minutes.',

  // The local cache (SQLite in its worker thread).
  'store.failed': 'The local cache failed: {{detail}}',
  'store.workerFailed': 'The local cache worker failed: {{detail}}',
  'store.workerNotStarted': 'The local cache worker could not start: {{detail}}',
  'store.workerExited': 'The local cache worker stopped unexpectedly (exit code {{exitCode}}).',
  'store.closed': 'The local cache is closed.',
  'store.closedDuringRequest': 'The local cache was closed before the request finished.',
  'store.restartHint': 'Restart Capstan. A cache file it cannot read is set aside and the fleet is read from AWS again.',
  'store.busyHint': 'Another program is using the cache file. Try again in a moment.',
  'store.diskFullHint': 'The disk that holds the cache is full. Free some space, then try again.',
  'store.fileAccessHint': "Capstan cannot read or write its cache file. Check the disk and the folder's permissions, then restart Capstan.",
  'store.corruptHint': 'The cache file is damaged. Restart Capstan: it sets the file aside and reads the fleet from AWS again.',

  'app.unexpected': 'Unexpected error: {{detail}}',
} as const satisfies Record<string, string>;

/** A message or hint main can send with a key. */
export type ErrorTextKey = keyof typeof errorTexts;

type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The parameters a key's text names, each required. */
export type ErrorTextParams<K extends ErrorTextKey> = { [P in Placeholders<(typeof errorTexts)[K]>]: string | number };

/** Keys whose text has no parameters (hints chosen from a table by AWS code). */
export type PlainErrorTextKey = { [K in ErrorTextKey]: [Placeholders<(typeof errorTexts)[K]>] extends [never] ? K : never }[ErrorTextKey];
