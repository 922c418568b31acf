import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { PreviewNode, TargetPreview } from '../../../../../../preload/contract/commands';
import type { RunbookGuardrails } from '../../../../../../preload/contract/runbooks';
import { canaryNode, guardrailSentences, nodesFor, previewOrder, runnableCount } from '../../../../../../renderer/src/features/runbooks/guardrail-words';
import en from '../../../../../../renderer/src/locales/features/runbooks.en.json';

const i18n = i18next.createInstance();
void i18n.init({ lng: 'en', resources: { en: { translation: { runbooks: en } } }, initAsync: false, interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n);

function node(name: string, extra: Partial<PreviewNode> = {}): PreviewNode {
  return { instanceId: `i-0${name.replace(/\D/g, '').padStart(16, '0')}`, name, platformType: 'Linux', pingStatus: 'Online', production: false, tagsKnown: true, platformMismatch: false, ...extra };
}

function preview(nodes: PreviewNode[]): TargetPreview {
  const online = nodes.filter((n) => n.pingStatus === 'Online').length;
  return {
    nodes,
    total: nodes.length,
    online,
    offline: nodes.length - online,
    platformMismatch: nodes.filter((n) => n.platformMismatch).length,
    production: nodes.filter((n) => n.production).length,
    tagsUnknown: nodes.filter((n) => !n.tagsKnown).length,
    typedConfirmation: null,
    cacheSyncedAt: null,
  };
}

const guardrails: RunbookGuardrails = { confirm: 'click', maxConcurrency: '10%', maxErrors: '0', timeoutSeconds: 600, allowedHours: null, canary: true };

describe('nodesFor (ssm-api.md §5.4: percentages round up, at least one node at once)', () => {
  it.each([
    ['10%', 12, 1, 2],
    ['10%', 3, 1, 1],
    ['25', 3, 1, 25],
    ['0%', 50, 0, 0],
    ['10%', 50, 0, 5],
    ['3', 50, 0, 3],
  ] as const)('%s of %i nodes (floor %i) is %i', (value, total, floor, expected) => {
    expect(nodesFor(value, total, floor)).toBe(expected);
  });
});

describe('guardrailSentences', () => {
  const twelve = [node('web-00', { pingStatus: 'ConnectionLost' }), node('web-01', { platformMismatch: true }), ...Array.from({ length: 10 }, (_, i) => node(`web-${i + 2}`))];

  it('names the canary (first online node that can run it) and counts only the nodes that will really be sent to', () => {
    expect(canaryNode(twelve)?.name).toBe('web-2');
    expect(runnableCount(preview(twelve))).toBe(10);
    expect(guardrailSentences(t, guardrails, preview(twelve))).toEqual([
      'Canary: web-2 first, then 9 more if it succeeds.',
      'At most 10% at once (1 node); stop at the first error.',
      'Nodes that do not pick it up within 10 min are given up.',
    ]);
  });

  it('says the error threshold as SSM applies it: 10% of 50 stops at the 6th error', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => node(`app-${i}`));
    const lines = guardrailSentences(t, { ...guardrails, canary: false, maxConcurrency: '5', maxErrors: '10%', allowedHours: { from: '22:00', to: '06:00', timeZone: 'local' } }, preview(fifty));
    expect(lines).toEqual([
      'At most 5 nodes at once; stop when errors pass 10% (at error 6).',
      'Nodes that do not pick it up within 10 min are given up.',
      'Starts only 22:00–06:00.',
    ]);
  });

  it('has no second canary step for a single node, and words a fixed error count', () => {
    const lines = guardrailSentences(t, { ...guardrails, maxConcurrency: '1', maxErrors: '2' }, preview([node('db-7')]));
    expect(lines[0]).toBe('Canary: db-7 is the only node, so there is no second step.');
    expect(lines[1]).toBe('At most 1 node at once; stop after 2 errors.');
  });
});

describe('previewOrder', () => {
  it('puts production first, then nodes that will not be sent to, keeping the order within each', () => {
    const nodes = [node('a-1'), node('b-2', { pingStatus: 'Inactive' }), node('c-3', { production: true }), node('d-4'), node('e-5', { platformMismatch: true }), node('f-6', { production: true })];
    expect(previewOrder(nodes).map((n) => n.name)).toEqual(['c-3', 'f-6', 'b-2', 'e-5', 'a-1', 'd-4']);
  });
});
