/**
 * Finds the lines of an AWS shared config/credentials file that the SDK's parser
 * (@smithy/shared-ini-file-loader) silently skips, so a typo is reported with its line instead of
 * making a profile vanish. The parser itself stays the SDK's: this only reports.
 */

/** A line the SDK would ignore or misread, with what to change. */
export interface IniLineProblem {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

/** A section header as the config file spells it, with its line. */
export interface IniSection {
  line: number;
  /** Text between the brackets, trimmed (`profile prod`, `sso-session corp`, `default`). */
  header: string;
}

/** Same comment rule as the SDK: `#` or `;` at the start or after whitespace starts a comment. */
function stripComment(line: string): string {
  return line.split(/(^|\s)[;#]/)[0]!.trim();
}

/** Lints one file's text; `kind` decides which section names the AWS tools accept. */
export function lintIni(text: string, kind: 'config' | 'credentials'): { problems: IniLineProblem[]; sections: IniSection[] } {
  const problems: IniLineProblem[] = [];
  const sections: IniSection[] = [];
  // 'broken': the header was already reported, so its settings are not reported again.
  let section: 'none' | 'ok' | 'broken' = 'none';
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = stripComment(raw);
    if (content === '') return;
    if (content.startsWith('[')) {
      if (!content.endsWith(']')) {
        section = 'broken';
        problems.push({ line, message: `The section header "${content}" has no closing "]".` });
        return;
      }
      const header = content.slice(1, -1);
      sections.push({ line, header: header.trim() });
      const headerProblem = checkHeader(header, kind);
      section = headerProblem ? 'broken' : 'ok';
      if (headerProblem) problems.push({ line, message: headerProblem });
      return;
    }
    if (section === 'broken') return;
    const equals = content.indexOf('=');
    if (equals <= 0) {
      // The line is not echoed: in the credentials file it may be a secret key.
      problems.push({ line, message: 'This line is neither a setting nor a [section] header: write "name = value".' });
      return;
    }
    if (section === 'none') {
      problems.push({ line, message: `The setting "${content.slice(0, equals).trim()}" comes before any [section] header.` });
    }
  });
  return { problems, sections };
}

/** The SDK's section pattern: `prefix name`, one whitespace, name optionally quoted. */
const typedSection = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

function checkHeader(header: string, kind: 'config' | 'credentials'): string | null {
  if (header.trim() === '') return 'An empty section header "[]" names no profile.';
  const tidy = header.trim().replace(/\s+/g, ' ');
  if (tidy !== header && (kind === 'credentials' || tidy === 'default' || typedSection.test(tidy))) {
    // The SDK does not trim inside the brackets, so the section would silently not exist.
    return `Extra spaces in [${header}] make the AWS tools skip it: write [${tidy}].`;
  }
  if (kind === 'credentials') {
    return tidy.startsWith('profile ')
      ? `The credentials file names profiles without the "profile" prefix: write [${tidy.slice(8)}] instead of [${tidy}].`
      : null;
  }
  if (tidy === 'default') return null;
  const prefix = /^(profile|sso-session|services)(\s|$)/.exec(tidy)?.[1];
  if (prefix) {
    if (tidy === prefix) return `The section [${tidy}] needs a name after "${prefix}".`;
    return typedSection.test(tidy) ? null : `The name in [${tidy}] has characters the AWS tools do not accept (spaces, brackets): rename it.`;
  }
  // The CLI and SDKs skip [name] in the config file (only [default] may omit the prefix).
  return `The config file ignores [${tidy}]: write [profile ${tidy}].`;
}
