// Which charted software family a search keyword is about, so the screen can show its version share
// above the results. The families are the normaliser's (main/inventory/software-normaliser.ts).

/** The families main charts, in the order the family picker lists them. */
export const SOFTWARE_FAMILIES = ['Java', 'Web server', 'Database', 'Application server'] as const;
/** One charted family. */
export type SoftwareFamily = (typeof SOFTWARE_FAMILIES)[number];

// Words an operator types for each family: product names, vendors' distribution names, and the
// package names each platform uses. Matched as whole words (split at anything not a letter), so
// "javascript" does not count but "openjdk-17", "jdk8" and "java-11-amazon-corretto" do.
const FAMILY_WORDS: ReadonlyArray<readonly [SoftwareFamily, readonly string[]]> = [
  ['Java', ['java', 'jdk', 'jre', 'openjdk', 'corretto', 'temurin', 'zulu', 'adoptopenjdk', 'jvm']],
  ['Web server', ['nginx', 'httpd', 'iis']],
  ['Database', ['postgres', 'postgresql', 'mysql', 'mariadb', 'mssql', 'sqlserver']],
  ['Application server', ['tomcat', 'jenkins']],
];

// "sql server" is two words in the catalogue's spelling ("SQL Server 2019 Database Engine Services").
const PHRASES: ReadonlyArray<readonly [SoftwareFamily, RegExp]> = [['Database', /\bsql\s+server\b/]];
// "apache" alone is the web server (apache2 on Debian), but "apache tomcat" is the application server.
const WEAK_WORDS: ReadonlyArray<readonly [SoftwareFamily, readonly string[]]> = [['Web server', ['apache', 'apache2']]];

/** The family a keyword names ("java 17" → Java, "nginx" → Web server), or null for anything else. */
export function familyOfKeyword(keyword: string): SoftwareFamily | null {
  const text = keyword.toLowerCase();
  for (const [family, phrase] of PHRASES) if (phrase.test(text)) return family;
  const words = text.split(/[^a-z]+/).filter(Boolean);
  for (const table of [FAMILY_WORDS, WEAK_WORDS]) {
    for (const word of words) {
      for (const [family, names] of table) if (names.includes(word)) return family;
    }
  }
  return null;
}

