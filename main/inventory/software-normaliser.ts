/**
 * Turns one `AWS:Application` inventory row into the product an operator charts: every JDK/JRE
 * flavour becomes "Java 8/11/17/21" (software-catalog.md §4), look-alikes that ship no JVM (§6)
 * are rejected, and a few other families (web servers, databases, application servers) are
 * recognised from a small explicit table. Plain functions, no I/O.
 */

/** The families the normaliser recognises. */
export type SoftwareFamily = 'Java' | 'Web server' | 'Application server' | 'Database';

/** What kind of install a row stands for: a JVM with tools, a JVM alone, a server or a client. */
export type RuntimeKind = 'JDK' | 'JRE' | 'Server' | 'Client';

/** Architecture with the per-collector spellings folded together (`aarch64` ≡ `arm64`, `amd64` ≡ `x86_64`). */
export type NormalisedArchitecture = 'x86_64' | 'arm64' | 'i386' | 'noarch' | 'unknown';

/** The fields of an `AWS:Application` row the normaliser reads (all strings, as on the wire). */
export interface ApplicationRowInput {
  readonly Name: string;
  readonly Publisher?: string;
  readonly Version?: string;
  readonly PackageId?: string;
  readonly Architecture?: string;
  readonly Release?: string;
  readonly Epoch?: string;
}

/** A platform type as SSM reports it. */
export type PlatformTypeInput = 'Linux' | 'Windows' | 'MacOS' | string;

/** One row, normalised. */
export interface NormalisedSoftware {
  readonly family: SoftwareFamily;
  /** Chartable product label, e.g. `Java 17`, `PostgreSQL 16`, `nginx 1.24`. */
  readonly product: string;
  /** `8`, `11`, `17`, `21` for Java; the product's own major (e.g. `2.4`, `16`, `2019`) otherwise. */
  readonly majorVersion: string;
  /** Distribution or vendor, e.g. `Amazon Corretto`, `Eclipse Temurin`, `Red Hat`, `Oracle`. */
  readonly vendor: string;
  readonly runtimeKind: RuntimeKind;
  readonly architecture: NormalisedArchitecture;
}

/** Folds the collectors' architecture spellings (software-catalog.md §5.9). */
export function normaliseArchitecture(architecture: string | undefined): NormalisedArchitecture {
  switch ((architecture ?? '').trim().toLowerCase()) {
    case 'x86_64':
    case 'amd64':
    case 'x64':
      return 'x86_64';
    case 'aarch64':
    case 'arm64':
      return 'arm64';
    case 'i386':
    case 'i686':
    case 'x86':
      return 'i386';
    case 'noarch':
    case 'all':
      return 'noarch';
    default:
      return 'unknown';
  }
}

/**
 * The Java major in a version string, or null: a Debian epoch (`1:`) is dropped, `1.8.0_392` and
 * `1.8.0.402` give 8 (the major is the second component after `1.`), `8u392-…` gives 8,
 * `17.0.10+7` gives 17.
 */
export function javaMajorFromVersion(version: string | undefined): string | null {
  if (version === undefined) return null;
  const text = version.trim().replace(/^\d+:/, '');
  const update = /^(\d{1,2})u\d+/i.exec(text);
  if (update) return plausibleMajor(update[1]);
  const legacy = /^1\.(\d{1,2})(?:[._]|$)/.exec(text);
  if (legacy) return plausibleMajor(legacy[1]);
  const modern = /^(\d{1,2})(?:[.+_-]|$)/.exec(text);
  return modern ? plausibleMajor(modern[1]) : null;
}

function plausibleMajor(text: string | undefined): string | null {
  if (text === undefined) return null;
  const n = Number(text);
  // Java 1.0–1.4 were never shipped as these packages; anything outside 5..99 is not a Java major.
  return Number.isInteger(n) && n >= 5 && n <= 99 ? String(n) : null;
}

/** `1.8.0` / `1_8_0` (rpm names) → `8`, otherwise the number itself. */
function majorFromNameToken(token: string): string | null {
  if (/^1[._]8[._]0$/.test(token)) return '8';
  return plausibleMajor(token);
}

function openJdkVendor(publisher: string): string {
  const p = publisher.toLowerCase();
  if (p.startsWith('red hat')) return 'Red Hat';
  if (p.startsWith('amazon linux')) return 'Amazon Linux';
  if (p.includes('ubuntu')) return 'Ubuntu';
  if (p.includes('debian')) return 'Debian';
  if (p.includes('suse')) return 'SUSE';
  return 'OpenJDK';
}

interface JavaMatch {
  readonly major: string | null;
  readonly vendor: string;
  readonly kind: 'JDK' | 'JRE';
}

type JavaRule = (name: string, row: ApplicationRowInput) => JavaMatch | null;

// Linux package names (rpm, dpkg). Suffixes other than the listed ones (-src, -javadoc, -demo…)
// carry sources or documentation, not a JVM, so they fall through to null.
const LINUX_JAVA_RULES: ReadonlyArray<JavaRule> = [
  (name, row) => {
    const m = /^java-(1\.8\.0|1_8_0|\d{1,2})-openjdk(-headless|-devel)?$/.exec(name);
    if (!m?.[1]) return null;
    return { major: majorFromNameToken(m[1]), vendor: openJdkVendor(row.Publisher ?? ''), kind: m[2] === '-devel' ? 'JDK' : 'JRE' };
  },
  (name) => {
    const m = /^java-(1\.8\.0|\d{1,2})-amazon-corretto(-headless|-devel|-jdk)?$/.exec(name);
    if (!m?.[1]) return null;
    return { major: majorFromNameToken(m[1]), vendor: 'Amazon Corretto', kind: m[2] === '-devel' || m[2] === '-jdk' ? 'JDK' : 'JRE' };
  },
  (name) => {
    const m = /^temurin-(\d{1,2})-(jdk|jre)$/.exec(name);
    if (!m?.[1]) return null;
    return { major: plausibleMajor(m[1]), vendor: 'Eclipse Temurin', kind: m[2] === 'jdk' ? 'JDK' : 'JRE' };
  },
  (name) => {
    const m = /^msopenjdk-(\d{1,2})$/.exec(name);
    return m?.[1] ? { major: plausibleMajor(m[1]), vendor: 'Microsoft', kind: 'JDK' } : null;
  },
  (name) => {
    const m = /^zulu-?(\d{1,2})(?:-ca)?-(jdk|jre)(?:-headless)?$/.exec(name);
    if (!m?.[1]) return null;
    return { major: plausibleMajor(m[1]), vendor: 'Azul Zulu', kind: m[2] === 'jdk' ? 'JDK' : 'JRE' };
  },
  (name, row) => {
    // Oracle's own RPMs: jre1.8 / jdk1.8 (older ones put the whole version in the name).
    const m = /^(jre|jdk)1\.8(?:\.0_\d+)?$/.exec(name);
    if (!m) return null;
    return { major: javaMajorFromVersion(row.Version) ?? '8', vendor: 'Oracle', kind: m[1] === 'jdk' ? 'JDK' : 'JRE' };
  },
  (name) => {
    const m = /^jdk-(\d{1,2})(?:\.[\d.]+)?$/.exec(name);
    return m?.[1] ? { major: plausibleMajor(m[1]), vendor: 'Oracle', kind: 'JDK' } : null;
  },
  (name, row) => {
    const m = /^openjdk-(\d{1,2})-(jre|jre-headless|jdk|jdk-headless)$/.exec(name);
    if (!m?.[1]) return null;
    return { major: plausibleMajor(m[1]), vendor: openJdkVendor(row.Publisher ?? ''), kind: m[2]?.startsWith('jdk') ? 'JDK' : 'JRE' };
  },
];

// Windows "Programs and Features" display names. Matched on the brand and version tokens only,
// since the bitness suffix follows the installer's UI language (§5.11).
const WINDOWS_JAVA_RULES: ReadonlyArray<JavaRule> = [
  (name) => {
    const m = /^java (\d{1,2}) update \d+(?:\s*\(.*\))?$/.exec(name);
    return m?.[1] ? { major: plausibleMajor(m[1]), vendor: 'Oracle', kind: 'JRE' } : null;
  },
  (name) => {
    const m = /^java se development kit (\d{1,2}) update \d+(?:\s*\(.*\))?$/.exec(name);
    return m?.[1] ? { major: plausibleMajor(m[1]), vendor: 'Oracle', kind: 'JDK' } : null;
  },
  (name) => {
    const m = /^java(?:\(tm\))? se development kit (\d{1,2})(?:\.[\d.]+)?(?:\s*\(.*\))?$/.exec(name);
    return m?.[1] ? { major: plausibleMajor(m[1]), vendor: 'Oracle', kind: 'JDK' } : null;
  },
  (name, row) => {
    // Corretto 11+ hides the major: only DisplayVersion tells 11, 17 and 21 apart (§5.5).
    const m = /^amazon corretto(?: (\d{1,2}))? \((?:x64|x86|aarch64)\)$/.exec(name);
    if (!m) return null;
    return { major: m[1] ? plausibleMajor(m[1]) : javaMajorFromVersion(row.Version), vendor: 'Amazon Corretto', kind: 'JDK' };
  },
  (name) => {
    const m = /^(eclipse temurin|adoptopenjdk) (jdk|jre) with (?:hotspot|openj9) (\S+) \((?:x64|x86|aarch64)\)$/.exec(name);
    if (!m) return null;
    return { major: javaMajorFromVersion(m[3]), vendor: m[1] === 'adoptopenjdk' ? 'AdoptOpenJDK' : 'Eclipse Temurin', kind: m[2] === 'jdk' ? 'JDK' : 'JRE' };
  },
  (name) => {
    const m = /^microsoft build of openjdk with hotspot (\S+) \((?:x64|x86|aarch64)\)$/.exec(name);
    return m ? { major: javaMajorFromVersion(m[1]), vendor: 'Microsoft', kind: 'JDK' } : null;
  },
  (name) => {
    // The Zulu build number (DisplayVersion) is not the Java version: use the parenthesised one.
    const m = /^azul zulu (jdk|jre)(?: fx)? [\d.]+ \(([\d.]+)\),? (?:64|32)-bit$/.exec(name);
    if (!m) return null;
    return { major: javaMajorFromVersion(m[2]), vendor: 'Azul Zulu', kind: m[1] === 'jdk' ? 'JDK' : 'JRE' };
  },
];

/** The row as a Java runtime or JDK, or null when it is not one (including every §6 look-alike). */
export function normaliseJava(row: ApplicationRowInput, platformType: PlatformTypeInput): NormalisedSoftware | null {
  const name = row.Name.trim().toLowerCase();
  if (name === '') return null;
  const rules = platformType === 'Windows' ? WINDOWS_JAVA_RULES : LINUX_JAVA_RULES;
  for (const rule of rules) {
    const match = rule(name, row);
    if (match === null) continue;
    if (match.major === null) return null;
    return {
      family: 'Java',
      product: `Java ${match.major}`,
      majorVersion: match.major,
      vendor: match.vendor,
      runtimeKind: match.kind,
      architecture: normaliseArchitecture(row.Architecture),
    };
  }
  return null;
}

interface FamilyRule {
  readonly pattern: RegExp;
  readonly family: SoftwareFamily;
  readonly product: string;
  readonly vendor: string;
  readonly kind: 'Server' | 'Client';
  /** Major from the name's first capture group instead of the version. */
  readonly majorFromName?: boolean;
  /** Components of the version that make the major (`2` → `2.4`). */
  readonly versionParts?: number;
}

// Names as each platform spells them (§3). Libraries (libtomcat9-java, liblog4j2-java) and client
// tools stay out unless listed, so a chart counts servers, not every package that mentions one.
const FAMILY_RULES: ReadonlyArray<FamilyRule> = [
  { pattern: /^(?:httpd|apache2)$/, family: 'Web server', product: 'Apache HTTP Server', vendor: 'Apache', kind: 'Server', versionParts: 2 },
  { pattern: /^nginx$/, family: 'Web server', product: 'nginx', vendor: 'nginx', kind: 'Server', versionParts: 2 },
  { pattern: /^iis url rewrite module (\d+)$/, family: 'Web server', product: 'IIS URL Rewrite', vendor: 'Microsoft', kind: 'Server', majorFromName: true },
  { pattern: /^tomcat(\d+)?$/, family: 'Application server', product: 'Apache Tomcat', vendor: 'Apache', kind: 'Server', versionParts: 1 },
  { pattern: /^jenkins(?: [\d.]+)?$/, family: 'Application server', product: 'Jenkins', vendor: 'Jenkins', kind: 'Server', versionParts: 1 },
  { pattern: /^(?:mariadb-server|mariadb\d*-server)$/, family: 'Database', product: 'MariaDB', vendor: 'MariaDB', kind: 'Server', versionParts: 2 },
  { pattern: /^mariadb\d*$/, family: 'Database', product: 'MariaDB', vendor: 'MariaDB', kind: 'Client', versionParts: 2 },
  { pattern: /^mysql-server(?:-(\d+\.\d+))?$/, family: 'Database', product: 'MySQL', vendor: 'Oracle', kind: 'Server', versionParts: 2 },
  { pattern: /^mysql server (\d+\.\d+)$/, family: 'Database', product: 'MySQL', vendor: 'Oracle', kind: 'Server', majorFromName: true },
  { pattern: /^postgresql-(\d+)$/, family: 'Database', product: 'PostgreSQL', vendor: 'PostgreSQL', kind: 'Server', majorFromName: true },
  { pattern: /^postgresql(\d+)?-server$/, family: 'Database', product: 'PostgreSQL', vendor: 'PostgreSQL', kind: 'Server', versionParts: 1 },
  { pattern: /^postgresql$/, family: 'Database', product: 'PostgreSQL', vendor: 'PostgreSQL', kind: 'Client', versionParts: 1 },
  { pattern: /^sql server (\d{4}) database engine services$/, family: 'Database', product: 'Microsoft SQL Server', vendor: 'Microsoft', kind: 'Server', majorFromName: true },
];

function majorFromVersion(version: string | undefined, parts: number): string | null {
  const text = (version ?? '').trim().replace(/^\d+:/, '');
  const m = /^\d+(?:\.\d+)*/.exec(text);
  if (!m) return null;
  return m[0].split('.').slice(0, parts).join('.');
}

/**
 * The row as a charted product — Java first (exact), then the family table — or null for
 * everything else (system libraries, agents, look-alikes).
 */
export function normaliseSoftware(row: ApplicationRowInput, platformType: PlatformTypeInput): NormalisedSoftware | null {
  const java = normaliseJava(row, platformType);
  if (java) return java;
  const name = row.Name.trim().toLowerCase();
  for (const rule of FAMILY_RULES) {
    const m = rule.pattern.exec(name);
    if (!m) continue;
    const major = rule.majorFromName ? (m[1] ?? null) : majorFromVersion(row.Version, rule.versionParts ?? 1);
    if (major === null || major === '') return null;
    return {
      family: rule.family,
      product: `${rule.product} ${major}`,
      majorVersion: major,
      vendor: rule.vendor,
      runtimeKind: rule.kind,
      architecture: normaliseArchitecture(row.Architecture),
    };
  }
  return null;
}
