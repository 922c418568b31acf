// Pure: a runbook's guardrails as sentences an operator reads before confirming, given the
// resolved targets. Rounding follows ssm-api.md §5.4 (percentages round up, at least 1).
import type { TFunction } from 'i18next';
import type { PreviewNode, TargetPreview } from '../../../../preload/contract/commands';
import type { RunbookGuardrails } from '../../../../preload/contract/runbooks';
import { allowedHoursLabel } from './allowed-hours';

/** Nodes `value` ("10", "10%") allows out of `total` targets; SSM rounds percentages up, at least 1. */
export function nodesFor(value: string, total: number, floor: number): number {
  if (value.endsWith('%')) {
    const percent = Number(value.slice(0, -1));
    return Math.max(floor, Math.ceil((percent / 100) * total));
  }
  return Number(value);
}

/** The node that goes first in a canary run: the first online node the document can run on. */
export function canaryNode(nodes: ReadonlyArray<PreviewNode>): PreviewNode | null {
  return nodes.find((n) => n.pingStatus === 'Online' && !n.platformMismatch) ?? null;
}

/** Nodes that need a second look come first: production, then those that will not be sent to. */
export function previewOrder(nodes: ReadonlyArray<PreviewNode>): PreviewNode[] {
  const rank = (n: PreviewNode): number => (n.production ? 0 : n.pingStatus !== 'Online' || n.platformMismatch ? 1 : 2);
  return nodes.map((node, index) => ({ node, index })).sort((a, b) => rank(a.node) - rank(b.node) || a.index - b.index).map((x) => x.node);
}

/** One sentence per guardrail, in the order the run meets them. */
export function guardrailSentences(t: TFunction, guardrails: RunbookGuardrails, preview: TargetPreview | null): string[] {
  const runnable = preview ? runnableCount(preview) : null;
  const lines: string[] = [];
  if (guardrails.canary) {
    const first = preview ? canaryNode(preview.nodes) : null;
    const node = first ? first.name || first.instanceId : '';
    if (!first || runnable === null) lines.push(t('runbooks.words.canaryUnknown'));
    else if (runnable <= 1) lines.push(t('runbooks.words.canarySingle', { node }));
    else lines.push(t('runbooks.words.canary', { node, count: runnable - 1 }));
  }
  const concurrency = guardrails.maxConcurrency;
  const errors = guardrails.maxErrors;
  const total = runnable ?? 0;
  const atOnce = concurrency.endsWith('%') && runnable !== null
    ? t('runbooks.words.concurrencyPercent', { value: concurrency, count: nodesFor(concurrency, total, 1) })
    : t('runbooks.words.concurrency', { count: Number.parseInt(concurrency, 10) });
  const errorCap = nodesFor(errors, total, 0);
  const stop = errors === '0' || errors === '0%'
    ? t('runbooks.words.stopFirstError')
    : errors.endsWith('%') && runnable !== null
      ? t('runbooks.words.stopPercent', { value: errors, count: errorCap + 1 })
      : t('runbooks.words.stopAfter', { count: Number.parseInt(errors, 10) });
  lines.push(t('runbooks.words.concurrencyAndStop', { atOnce, stop }));
  lines.push(t('runbooks.words.timeout', { minutes: Math.max(1, Math.round(guardrails.timeoutSeconds / 60)) }));
  if (guardrails.allowedHours) lines.push(t('runbooks.words.hours', { window: allowedHoursLabel(guardrails.allowedHours) }));
  return lines;
}

/** Nodes a run will really be sent to: online, and on a platform the document runs on. */
export function runnableCount(preview: TargetPreview): number {
  return preview.online - countOnlineMismatched(preview);
}

function countOnlineMismatched(preview: TargetPreview): number {
  // `nodes` holds at most 1,000: beyond that the mismatched count is only known in total.
  if (preview.nodes.length === preview.total) return preview.nodes.filter((n) => n.pingStatus === 'Online' && n.platformMismatch).length;
  return Math.min(preview.platformMismatch, preview.online);
}
