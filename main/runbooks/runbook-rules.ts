import { maxConcurrencySchema, maxErrorsSchema } from '../../preload/contract/commands';

// Small pure rules shared by the file check and the guardrails; each answers null or what to fix.

/**
 * Why a runbook's allowedPattern cannot be used, or null. SSM compiles patterns as re2, which has no
 * look-around and no back-references; a pattern that only JavaScript understands would pass here
 * and fail in SSM (or the other way round), so both are refused up front.
 */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'is empty; write a pattern such as ^[A-Za-z0-9_-]{1,64}$.';
  if (pattern.length > 1000) return 'is longer than 1,000 characters.';
  if (/\(\?<?[=!]/.test(pattern)) return 'uses look-around ((?=…), (?!…), (?<=…) or (?<!…)), which SSM patterns (re2) do not support.';
  if (/\\[1-9]/.test(pattern)) return 'uses a back-reference (\\1…), which SSM patterns (re2) do not support.';
  try {
    new RegExp(pattern);
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}.`;
  }
  return null;
}

/** The pattern as a whole-value test: runbook patterns always describe the entire value. */
export function wholeValueRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Why a MaxConcurrency value is not one SSM accepts, or null. */
export function maxConcurrencyProblem(value: string): string | null {
  return maxConcurrencySchema.safeParse(value).success ? null : `"${value}" is not a MaxConcurrency: use a whole number of nodes (1 or more) or a percentage from 1% to 100%.`;
}

/** Why a MaxErrors value is not one SSM accepts, or null. */
export function maxErrorsProblem(value: string): string | null {
  return maxErrorsSchema.safeParse(value).success ? null : `"${value}" is not a MaxErrors: use a whole number of errors (0 or more) or a percentage from 0% to 100%.`;
}

/** Minutes after midnight for "HH:MM" (24-hour clock), or null when it is not such a time. */
export function parseClock(text: string): number | null {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Why a time zone name is unusable, or null. `local` means the operator's machine's zone. */
export function timeZoneProblem(timeZone: string): string | null {
  if (timeZone === 'local') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `"${timeZone}" is not a time zone: use local or an IANA name such as Europe/London or Asia/Tokyo.`;
  }
}

