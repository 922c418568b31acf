import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../preload/contract/audit';
import type { LicenceInput } from '../../../../preload/contract/licences';
import { createActorResolver } from '../../../../main/audit/audit-actor';
import type { AuditRecord, AuditRecorder } from '../../../../main/audit/audit-recorder';
import { createAuditRecorder } from '../../../../main/audit/audit-recorder';
import { LicenceFile } from '../../../../main/licences/licence-file';
import { LicenceService } from '../../../../main/licences/licence-service';
import type { LicenceUsageStore } from '../../../../main/licences/licence-store';
import { TRAINING_ACCOUNTS } from '../../../../main/simulator/identity/training-accounts';
import type { MfaBroker } from '../../../../main/workspaces/mfa-broker';
import type { WorkspaceAccess } from '../../../../main/workspaces/workspace-access';
import { createWorkspaceHandlers, type WorkspaceEffects } from '../../../../main/workspaces/workspace-handlers';
import { WorkspaceService } from '../../../../main/workspaces/workspace-service';
import { WorkspaceStatusBoard } from '../../../../main/workspaces/workspace-status';

// The settings writers: what a licence change or a workspace choice puts in the audit log.

let dir: string;
let recorded: Array<{ workspaceId: string | null; record: AuditRecord }>;
const recorder: AuditRecorder = async (workspaceId, record) => {
  recorded.push({ workspaceId, record });
  return {} as AuditEntry;
};
const usage: LicenceUsageStore = { usage: async ({ matches }) => matches.map(() => 0), nodes: async () => ({ total: 0, nodes: [] }), products: async () => [] };
const java8: LicenceInput = { product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-audit-writers-'));
  recorded = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function licences(): LicenceService {
  return new LicenceService({ file: new LicenceFile(join(dir, 'licences.json')), usage, audit: recorder });
}

describe('licence changes in the audit log', () => {
  it('records add, edit, delete and import with what changed; a delete of nothing records nothing', async () => {
    const s = licences();
    const added = await s.save(undefined, java8);
    await s.save(added.id, { ...java8, owned: 9 });
    await s.delete(added.id);
    await s.delete(added.id);
    await s.importCsv('product,owned\nJava 17,3\nJava 21,oops\n');
    expect(recorded.map((r) => [r.workspaceId, r.record.outcome, r.record.summary])).toEqual([
      [null, 'succeeded', 'Licence added: Java 8'],
      [null, 'succeeded', 'Licence edited: Java 8'],
      [null, 'succeeded', 'Licence deleted: Java 8'],
      [null, 'succeeded', 'Licences imported from CSV: 1 added, 0 updated'],
    ]);
    expect(recorded[0]?.record.detail).toMatchObject({ setting: 'licence.added', id: added.id, product: 'Java 8', owned: 5 });
    expect(recorded[1]?.record.detail).toMatchObject({ setting: 'licence.edited', owned: 9 });
    expect(recorded[3]?.record.detail).toMatchObject({ setting: 'licence.imported', created: 1, updated: 0, rejected: 1 });
    expect(recorded.every((r) => r.record.action === 'settings.changed')).toBe(true);
  });

  it('records a change the rules refused as refused, with the reason', async () => {
    const s = licences();
    await s.save(undefined, java8);
    await expect(s.save(undefined, { ...java8, owned: 1 })).rejects.toMatchObject({ code: 'LicenceProductTaken' });
    expect(recorded[1]?.record).toMatchObject({ outcome: 'refused', summary: 'Licence added: Java 8', error: 'A licence for "Java 8" already exists.' });
  });
});

describe('workspace selection in the audit log', () => {
  function handlers() {
    const workspaces = new WorkspaceService({
      training: async () => ({ endpoint: 'http://127.0.0.1:1', accounts: TRAINING_ACCOUNTS.map((a) => ({ accountId: a.accountId, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: 'b' } })) }),
      readProfiles: async () => ({ profiles: [], problems: [] }),
      defaultProfile: undefined,
      statuses: new WorkspaceStatusBoard(() => {}),
      loadSetting: async () => undefined,
      saveSetting: async () => {},
    });
    const effects: WorkspaceEffects = { started: () => {}, watchedChanged: () => {}, selectionChanged: () => {} };
    return createWorkspaceHandlers({ workspaces, access: {} as WorkspaceAccess, mfa: {} as MfaBroker, effects, audit: recorder });
  }

  it('records the workspace chosen and the one before', async () => {
    await handlers()['workspaces:select-workspace']({ id: 'training' });
    expect(recorded).toEqual([
      {
        workspaceId: 'training',
        record: expect.objectContaining({ action: 'settings.changed', outcome: 'succeeded', summary: 'Workspace selected: Training — Operations · eu-west-1', detail: { setting: 'workspace.selected', value: 'training', previous: 'training' } }),
      },
    ]);
  });

  it('records a choice that failed, against the workspace still in force', async () => {
    await expect(handlers()['workspaces:select-workspace']({ id: 'profile:gone@eu-west-1' })).rejects.toMatchObject({ kind: 'not-found' });
    expect(recorded[0]).toMatchObject({ workspaceId: 'training', record: { outcome: 'failed', error: expect.stringContaining('no longer in the AWS config files') } });
  });
});

describe('actor resolution', () => {
  it('joins the operator with the workspace identity, and still names the operator when the lookup fails', async () => {
    const resolve = createActorResolver({
      operator: 'alice',
      describe: async (id) => {
        if (id !== 'training') throw new Error('profile removed');
        return { accountId: '111122223333', region: 'eu-west-1', principal: 'arn:aws:iam::111122223333:user/training-operator' };
      },
    });
    expect(await resolve('training')).toEqual({ operator: 'alice', workspaceId: 'training', accountId: '111122223333', region: 'eu-west-1', principal: 'arn:aws:iam::111122223333:user/training-operator' });
    expect(await resolve('profile:gone@x')).toEqual({ operator: 'alice', workspaceId: 'profile:gone@x', accountId: '', region: '', principal: '' });
    const appended: unknown[] = [];
    const record = createAuditRecorder({ append: async (input) => (appended.push(input), {} as AuditEntry) }, resolve, 'alice');
    await record(null, { action: 'settings.changed', summary: 's', targets: [], detail: {}, outcome: 'succeeded', error: null });
    expect(appended[0]).toMatchObject({ actor: { operator: 'alice', workspaceId: '', principal: '' } });
  });
});
