/** The directives every Capstan page gets; xterm and virtualized rows set inline styles, hence 'unsafe-inline' styles (never scripts). */
const baseDirectives: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['object-src', ["'none'"]],
];

// An origin is spliced into a security header: accept only scheme://host[:port], nothing that could
// close the directive (';', ',', quotes, spaces) or widen it (wildcards, paths).
const originPattern = /^(?:https?|wss?):\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/i;

/** Options for {@link buildContentSecurityPolicy}. */
export interface CspOptions {
  /** Extra origins for connect-src, e.g. the test host's loopback WebSocket `ws://127.0.0.1:5123`. */
  extraConnectSrc?: readonly string[];
}

/** Builds the CSP header value; throws on an extra origin that is not a plain scheme://host[:port]. */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const extra = options.extraConnectSrc ?? [];
  for (const origin of extra) {
    if (!originPattern.test(origin)) throw new Error(`Refusing CSP connect-src origin "${origin}": expected scheme://host[:port].`);
  }
  return baseDirectives
    .map(([name, sources]) => `${name} ${(name === 'connect-src' ? [...sources, ...extra] : sources).join(' ')}`)
    .join('; ');
}

/** The policy the packaged app serves on every capstan:// response. */
export const contentSecurityPolicy = buildContentSecurityPolicy();
