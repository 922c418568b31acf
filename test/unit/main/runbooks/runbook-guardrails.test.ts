import { describe, expect, it } from 'vitest';
import type { PreviewNode, TargetPreview } from '../../../../preload/contract/commands';
import type { RunbookGuardrails } from '../../../../preload/contract/runbooks';
import { confirmationFor, hoursRefusal, runOptions, runTargets, targetRefusals, wallClockMinutes } from '../../../../main/runbooks/runbook-guardrails';
import { defaultGuardrails } from '../../../../main/runbooks/runbook-definition';

const at = (iso: string) => Date.parse(iso);
const hours = (from: string, to: string, timeZone = 'UTC') => ({ from, to, timeZone });

describe('allowed hours', () => {
  const cases: Array<{ name: string; window: ReturnType<typeof hours>; now: string; local?: string; allowed: boolean }> = [
    { name: 'inside a daytime window', window: hours('08:00', '18:00'), now: '2026-06-01T12:00:00Z', allowed: true },
    { name: 'before a daytime window', window: hours('08:00', '18:00'), now: '2026-06-01T07:59:00Z', allowed: false },
    { name: 'at its first minute', window: hours('08:00', '18:00'), now: '2026-06-01T08:00:00Z', allowed: true },
    { name: 'at its last minute (inclusive)', window: hours('08:00', '18:00'), now: '2026-06-01T18:00:59Z', allowed: true },
    { name: 'the minute after', window: hours('08:00', '18:00'), now: '2026-06-01T18:01:00Z', allowed: false },
    { name: 'late evening in a window wrapping midnight', window: hours('22:00', '06:00'), now: '2026-06-01T23:30:00Z', allowed: true },
    { name: 'early morning in a window wrapping midnight', window: hours('22:00', '06:00'), now: '2026-06-02T05:59:00Z', allowed: true },
    { name: 'midday outside a window wrapping midnight', window: hours('22:00', '06:00'), now: '2026-06-02T12:00:00Z', allowed: false },
    // Tokyo is UTC+9 all year: 14:00Z is 23:00 there.
    { name: 'an IANA zone ahead of UTC', window: hours('22:00', '06:00', 'Asia/Tokyo'), now: '2026-06-01T14:00:00Z', allowed: true },
    { name: 'the same instant in UTC', window: hours('22:00', '06:00'), now: '2026-06-01T14:00:00Z', allowed: false },
    // New York: EDT (UTC-4) in June, 02:30Z is 22:30 the evening before.
    { name: 'a zone behind UTC across the date line', window: hours('22:00', '06:00', 'America/New_York'), now: '2026-06-02T02:30:00Z', allowed: true },
    // London springs forward on 29 March 2026 at 01:00Z: 00:30Z is 00:30 GMT, 01:30Z is 02:30 BST.
    { name: 'before the spring-forward jump', window: hours('01:00', '02:00', 'Europe/London'), now: '2026-03-29T00:30:00Z', allowed: false },
    { name: 'after the spring-forward jump (wall clock skipped 01:00–02:00)', window: hours('02:30', '03:00', 'Europe/London'), now: '2026-03-29T01:30:00Z', allowed: true },
    // London falls back on 25 October 2026 at 01:00Z: 01:30 local happens twice, both inside.
    { name: 'the first 01:30 of the fall-back day', window: hours('01:00', '01:59', 'Europe/London'), now: '2026-10-25T00:30:00Z', allowed: true },
    { name: 'the second 01:30 of the fall-back day', window: hours('01:00', '01:59', 'Europe/London'), now: '2026-10-25T01:30:00Z', allowed: true },
    { name: '"local" read in the operator’s zone', window: hours('22:00', '06:00', 'local'), now: '2026-06-01T14:00:00Z', local: 'Asia/Tokyo', allowed: true },
    { name: '"local" in another operator zone', window: hours('22:00', '06:00', 'local'), now: '2026-06-01T14:00:00Z', local: 'Europe/Paris', allowed: false },
  ];

  it.each(cases)('$name → allowed: $allowed', ({ window, now, local, allowed }) => {
    expect(hoursRefusal(window, at(now), local)).toEqual(allowed ? null : expect.stringMatching(/^Outside allowed hours/));
  });

  it('says when the window is and what time it is there', () => {
    expect(hoursRefusal(hours('22:00', '06:00', 'Asia/Tokyo'), at('2026-06-01T03:05:00Z'))).toBe(
      'Outside allowed hours: this runbook may start between 22:00 and 06:00 (Asia/Tokyo); it is 12:05 there now.',
    );
    expect(hoursRefusal(hours('22:00', '06:00', 'local'), at('2026-06-01T12:05:00Z'), 'UTC')).toMatch(/\(local time\); it is 12:05 there now\.$/);
  });

  it('allows any time when the runbook has no window', () => {
    expect(hoursRefusal(null, at('2026-06-01T12:00:00Z'))).toBeNull();
  });

  it('reads the wall clock with a 24-hour clock at midnight', () => {
    expect(wallClockMinutes(at('2026-06-01T00:00:00Z'), 'UTC')).toBe(0);
    expect(wallClockMinutes(at('2026-06-01T23:59:00Z'), 'UTC')).toBe(23 * 60 + 59);
  });
});

function node(name: string, overrides: Partial<PreviewNode> = {}): PreviewNode {
  return { instanceId: `i-${name.padEnd(17, '0').slice(0, 17).replace(/[^0-9a-f]/g, 'a')}`, name, platformType: 'Linux', pingStatus: 'Online', production: false, tagsKnown: true, platformMismatch: false, ...overrides };
}

function preview(nodes: PreviewNode[], typedConfirmation: string | null = null): TargetPreview {
  return {
    nodes,
    total: nodes.length,
    online: nodes.filter((n) => n.pingStatus === 'Online').length,
    offline: nodes.filter((n) => n.pingStatus !== 'Online').length,
    platformMismatch: 0,
    production: nodes.filter((n) => n.production).length,
    tagsUnknown: nodes.filter((n) => !n.tagsKnown).length,
    typedConfirmation,
    cacheSyncedAt: 1,
  };
}

describe('confirmation', () => {
  const click: RunbookGuardrails = { ...defaultGuardrails, confirm: 'click' };
  const typed: RunbookGuardrails = { ...defaultGuardrails, confirm: 'typed-name' };
  const cases: Array<{ name: string; guardrails: RunbookGuardrails; preview: TargetPreview; expected: string | null; reason?: RegExp }> = [
    { name: 'a click runbook on ordinary nodes', guardrails: click, preview: preview([node('web-01'), node('web-02')]), expected: null },
    { name: 'a click runbook on one production node', guardrails: click, preview: preview([node('web-01', { production: true }), node('web-02')], 'web-01'), expected: 'web-01', reason: /^1 production node is among the targets\.$/ },
    { name: 'a click runbook on three production nodes', guardrails: click, preview: preview([node('a', { production: true }), node('b', { production: true }), node('c', { production: true })], '3 nodes'), expected: '3 nodes', reason: /^3 production nodes are/ },
    { name: 'a typed-name runbook on one ordinary node', guardrails: typed, preview: preview([node('db-01')]), expected: 'db-01', reason: /always asks/ },
    { name: 'a typed-name runbook on two ordinary nodes', guardrails: typed, preview: preview([node('db-01'), node('db-02')]), expected: '2 nodes' },
    { name: 'a typed-name runbook where production decides the words', guardrails: typed, preview: preview([node('db-01', { production: true }), node('db-02')], 'db-01'), expected: 'db-01', reason: /production/ },
  ];

  it.each(cases)('$name', ({ guardrails, preview: p, expected, reason }) => {
    const confirmation = confirmationFor(guardrails, p);
    if (expected === null) {
      expect(confirmation).toEqual({ kind: 'click' });
    } else {
      expect(confirmation).toMatchObject({ kind: 'typed-name', expected });
      if (reason && confirmation.kind === 'typed-name') expect(confirmation.reason).toMatch(reason);
    }
  });
});

describe('targets', () => {
  const chosen = { kind: 'nodes' as const, instanceIds: ['i-0123456789abcdef0'] };

  it('takes the operator’s nodes only for a chosen-targets runbook, and requires them', () => {
    expect(runTargets({ kind: 'chosen' }, chosen)).toEqual({ targets: chosen });
    expect(runTargets({ kind: 'chosen' }, undefined)).toEqual({ refusal: 'Choose the nodes this runbook runs on.' });
  });

  it('never lets fixed nodes or a tag query be overridden', () => {
    expect(runTargets({ kind: 'nodes', instanceIds: ['i-00000000000000001'] }, undefined)).toEqual({ targets: { kind: 'nodes', instanceIds: ['i-00000000000000001'] } });
    expect(runTargets({ kind: 'nodes', instanceIds: ['i-00000000000000001'] }, chosen)).toEqual({ refusal: expect.stringMatching(/cannot be chosen/) });
    const tags = { kind: 'tags' as const, filters: [{ key: 'Role', values: ['web'] }] };
    expect(runTargets(tags, undefined)).toEqual({ targets: tags });
    expect(runTargets(tags, chosen)).toEqual({ refusal: expect.stringMatching(/tag query.*cannot be chosen/) });
  });

  it('stops a run with nothing matched, nothing online, or a node of another platform', () => {
    const tags = { kind: 'tags' as const, filters: [{ key: 'Role', values: ['web', 'api'] }, { key: 'Team', values: ['core'] }] };
    expect(targetRefusals(preview([]), [], tags)).toEqual(["No node in this workspace's fleet matches Role=web or api and Team=core."]);
    expect(targetRefusals(preview([node('a', { pingStatus: 'ConnectionLost' })]), [], chosen)).toEqual(['None of the 1 target node is online.']);
    expect(targetRefusals(preview([node('a'), node('w', { platformType: 'Windows' })]), ['Linux'], chosen)).toEqual(['This runbook is for Linux only; remove w (Windows) from the targets.']);
    expect(targetRefusals(preview([node('a'), node('b', { pingStatus: 'ConnectionLost' })]), ['Linux', 'Windows'], chosen)).toEqual([]);
  });
});

describe('run options', () => {
  it('come from the runbook alone: its caps, its timeout, and a comment naming it within SSM’s 100 characters', () => {
    expect(runOptions('Restart a service', { ...defaultGuardrails, maxConcurrency: '10%', maxErrors: '2', timeoutSeconds: 900 })).toEqual({
      maxConcurrency: '10%',
      maxErrors: '2',
      timeoutSeconds: 900,
      comment: 'Runbook: Restart a service',
    });
    expect(runOptions('x'.repeat(120), defaultGuardrails).comment).toHaveLength(100);
  });
});
