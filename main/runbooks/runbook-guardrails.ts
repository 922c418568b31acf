import type { CommandOptions, TargetPreview, TargetSelection } from '../../preload/contract/commands';
import type { RunbookCheck, RunbookGuardrails, RunbookTargets } from '../../preload/contract/runbooks';
import { commandLimits } from '../../preload/contract/commands';
import { requiredConfirmation } from '../commands/parameter-rules';
import { parseClock } from './runbook-rules';

// Guardrails as pure functions of the runbook, the resolved targets and the clock: the prepare
// dialog and the run ask the same questions and get the same answers.

/** Minutes after midnight on the wall clock of `timeZone` (undefined: this machine's zone) at `at`. */
export function wallClockMinutes(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return hour * 60 + minute;
}

/**
 * Why the runbook may not start now, or null. Both ends are inclusive to the minute, and a window
 * whose end is before its start wraps midnight (22:00–06:00). Wall-clock time is read in the zone
 * at that instant, so on DST days the window follows the clock on the wall, not elapsed hours.
 */
export function hoursRefusal(hours: RunbookGuardrails['allowedHours'], at: number, localTimeZone?: string): string | null {
  if (!hours) return null;
  const from = parseClock(hours.from);
  const to = parseClock(hours.to);
  if (from === null || to === null) return `Allowed hours ${hours.from}–${hours.to} are not valid times; fix the runbook file.`;
  const zone = hours.timeZone === 'local' ? localTimeZone : hours.timeZone;
  const now = wallClockMinutes(at, zone);
  const inside = from <= to ? now >= from && now <= to : now >= from || now <= to;
  if (inside) return null;
  const where = hours.timeZone === 'local' ? 'local time' : hours.timeZone;
  return `Outside allowed hours: this runbook may start between ${hours.from} and ${hours.to} (${where}); it is ${clock(now)} there now.`;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The targets a run goes to. Fixed nodes and tag queries come from the file and cannot be
 * overridden; `chosen` runbooks take the operator's selection and refuse to run without one.
 */
export function runTargets(targets: RunbookTargets, requested: TargetSelection | undefined): { targets: TargetSelection } | { refusal: string } {
  switch (targets.kind) {
    case 'chosen':
      return requested ? { targets: requested } : { refusal: 'Choose the nodes this runbook runs on.' };
    case 'nodes':
      if (requested) return { refusal: 'This runbook always runs on the nodes its file names; targets cannot be chosen for it.' };
      return { targets: { kind: 'nodes', instanceIds: targets.instanceIds } };
    case 'tags':
      if (requested) return { refusal: 'This runbook always runs on the nodes its tag query finds; targets cannot be chosen for it.' };
      return { targets: { kind: 'tags', filters: targets.filters } };
  }
}

/** Reasons the resolved targets stop a run: nothing matched, nothing online, a node of another platform. */
export function targetRefusals(preview: TargetPreview, platforms: readonly string[], targets: TargetSelection): string[] {
  if (preview.total === 0) {
    return [targets.kind === 'tags' ? `No node in this workspace's fleet matches ${describeTags(targets)}.` : 'None of the chosen nodes is known in this workspace.'];
  }
  const reasons: string[] = [];
  if (preview.total > commandLimits.maxNodesPerJob) reasons.push(`${preview.total} nodes match; a runbook runs on at most ${commandLimits.maxNodesPerJob}. Narrow the targets.`);
  if (preview.online === 0) reasons.push(`None of the ${preview.total} target ${preview.total === 1 ? 'node is' : 'nodes are'} online.`);
  if (platforms.length > 0) {
    const outside = preview.nodes.filter((node) => !platforms.includes(node.platformType));
    if (outside.length > 0) {
      const names = outside.slice(0, 3).map((node) => `${node.name} (${node.platformType || 'unknown platform'})`).join(', ');
      const more = outside.length > 3 ? ` and ${outside.length - 3} more` : '';
      reasons.push(`This runbook is for ${platforms.join(' and ')} only; remove ${names}${more} from the targets.`);
    }
  }
  return reasons;
}

function describeTags(targets: Extract<TargetSelection, { kind: 'tags' }>): string {
  return targets.filters.map((f) => `${f.key}=${f.values.join(' or ')}`).join(' and ');
}

/**
 * What confirming takes. Production targets always demand the typed name (E's rule, shared with
 * Run Command); a `typed-name` runbook demands it for any target, worded the same way.
 */
export function confirmationFor(guardrails: RunbookGuardrails, preview: TargetPreview): RunbookCheck['confirmation'] {
  const expected = requiredConfirmation(preview, guardrails.confirm === 'typed-name');
  if (expected === null) return { kind: 'click' };
  const reason =
    preview.production > 0
      ? `${preview.production} production ${preview.production === 1 ? 'node is' : 'nodes are'} among the targets.`
      : 'This runbook always asks for the target to be typed.';
  return { kind: 'typed-name', expected, reason };
}

/** SendCommand options from the runbook alone: its caps are the ceiling and a run request carries none. */
export function runOptions(name: string, guardrails: RunbookGuardrails): CommandOptions {
  const comment = `Runbook: ${name}`;
  return {
    maxConcurrency: guardrails.maxConcurrency,
    maxErrors: guardrails.maxErrors,
    timeoutSeconds: guardrails.timeoutSeconds,
    comment: comment.length > commandLimits.comment ? `${comment.slice(0, commandLimits.comment - 1)}…` : comment,
  };
}
