import { beforeEach, describe, expect, it } from 'vitest';
import { TRAINING_ACCOUNTS } from '../../../../main/simulator/identity/training-accounts';
import { WorkspaceService, type ProfileCatalog, type ProfileInfo } from '../../../../main/workspaces/workspace-service';
import { WorkspaceStatusBoard } from '../../../../main/workspaces/workspace-status';

let settings: Map<string, unknown>;
let catalog: ProfileCatalog;
beforeEach(() => {
  settings = new Map();
  catalog = { profiles: [], problems: [] };
});

const profile = (name: string, region: string | null, extra: Partial<ProfileInfo> = {}): ProfileInfo => ({
  name,
  region,
  accountId: '',
  accountName: '',
  credentialSource: 'static',
  mfa: false,
  ...extra,
});

function service(defaultProfile?: string): WorkspaceService {
  return new WorkspaceService({
    training: async () => ({
      endpoint: 'http://127.0.0.1:1',
      accounts: TRAINING_ACCOUNTS.map((a) => ({ accountId: a.accountId, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: 'S' } })),
    }),
    readProfiles: async () => catalog,
    defaultProfile,
    statuses: new WorkspaceStatusBoard(() => {}),
    loadSetting: async (key) => settings.get(key),
    saveSetting: async (key, value) => {
      settings.set(key, value);
    },
  });
}

describe('workspaces', () => {
  it('opens on the training fleet when no AWS profile is configured, offering two accounts × two regions', async () => {
    const list = await service().list();
    expect(list.selectedId).toBe('training');
    expect(list.watchedIds).toEqual(['training']);
    expect(list.workspaces.map((w) => [w.id, w.accountId, w.region])).toEqual([
      ['training', '111122223333', 'eu-west-1'],
      ['training:111122223333@us-east-1', '111122223333', 'us-east-1'],
      ['training:444455556666@eu-west-1', '444455556666', 'eu-west-1'],
      ['training:444455556666@us-east-1', '444455556666', 'us-east-1'],
    ]);
    expect(list.workspaces[2]).toMatchObject({ label: 'Training — Payments · eu-west-1', accountName: 'Training — Payments', credentialSource: 'training' });
  });

  it('prefers AWS_PROFILE on first start and remembers the operator choice afterwards', async () => {
    catalog.profiles = [profile('ops', 'eu-west-2'), profile('dev', 'us-east-2')];
    expect((await service('dev').list()).selectedId).toBe('profile:dev@us-east-2');
    await service().select('profile:ops@eu-west-2');
    expect(settings.get('workspace.selected')).toBe('profile:ops@eu-west-2');
    expect((await service('dev').list()).selectedId).toBe('profile:ops@eu-west-2');
  });

  it('says when AWS_PROFILE names a profile the files lack, where it looked and what it opened instead, until the operator chooses', async () => {
    catalog.profiles = [profile('default', 'eu-west-2'), profile('prod-eu-west', 'eu-west-1')];
    catalog.files = [
      { path: '/etc/capstan/aws-config', variable: 'AWS_CONFIG_FILE' },
      { path: '/home/op/.aws/credentials', variable: null },
    ];
    const s = service('prod-eu');
    const list = await s.list();
    // Not "default": a mistyped production profile must not open some other account.
    expect(list.selectedId).toBe('training');
    expect(list.selectionFallback).toEqual({ source: 'aws-profile', profile: 'prod-eu', region: null, files: catalog.files, openedId: 'training' });
    expect((await s.list()).selectionFallback).toMatchObject({ profile: 'prod-eu' });
    // Choosing the stand-in itself is a choice too: the notice ends.
    await s.select('training');
    expect((await s.list()).selectionFallback).toBeUndefined();
  });

  it('says when the saved default names a profile that has left the files, and opens AWS_PROFILE instead', async () => {
    catalog.profiles = [profile('ops', 'eu-west-2'), profile('dev', 'us-east-2')];
    await service().select('profile:ops@ap-south-1');
    catalog.profiles = [profile('dev', 'us-east-2')];
    const list = await service('dev').list();
    expect(list.selectedId).toBe('profile:dev@us-east-2');
    expect(list.selectionFallback).toMatchObject({ source: 'saved', profile: 'ops', region: 'ap-south-1', openedId: 'profile:dev@us-east-2' });
  });

  it('says when the default in force leaves the files while Capstan runs, and returns to it once the profile is back', async () => {
    catalog.profiles = [profile('ops', 'eu-west-2')];
    const s = service();
    await s.select('profile:ops@eu-west-2');
    catalog.profiles = [];
    const list = await s.list();
    expect(list.selectedId).toBe('training');
    expect(list.selectionFallback).toMatchObject({ source: 'saved', profile: 'ops', region: 'eu-west-2', openedId: 'training' });
    catalog.profiles = [profile('ops', 'eu-west-2')];
    const back = await s.list();
    // The stand-in does not stay the default silently: commands go to the operator's choice again.
    expect(back.selectedId).toBe('profile:ops@eu-west-2');
    expect(back.selectionFallback).toBeUndefined();
  });

  it('opens the AWS_PROFILE profile once it is added to the files, unless the operator chose another meanwhile', async () => {
    catalog.profiles = [];
    const s = service('prod-eu');
    expect((await s.list()).selectedId).toBe('training');
    catalog.profiles = [profile('prod-eu', 'eu-west-1')];
    const added = await s.list();
    expect(added.selectedId).toBe('profile:prod-eu@eu-west-1');
    expect(added.selectionFallback).toBeUndefined();

    catalog.profiles = [];
    const chose = service('prod-eu');
    await chose.list();
    await chose.select('training:444455556666@us-east-1');
    catalog.profiles = [profile('prod-eu', 'eu-west-1')];
    expect((await chose.list()).selectedId).toBe('training:444455556666@us-east-1');
  });

  it('does not call a profile missing while a shared file exists but cannot be read, and returns to it once it can', async () => {
    catalog.profiles = [profile('ops', 'eu-west-2')];
    const s = service();
    await s.select('profile:ops@eu-west-2');
    // The config file lost its read permission: no profiles, and a problem naming the file.
    catalog.profiles = [];
    catalog.unreadableFiles = ['/home/op/.aws/config'];
    const list = await s.list();
    expect(list.selectedId).toBe('training');
    expect(list.selectionFallback).toBeUndefined();
    catalog.unreadableFiles = [];
    catalog.profiles = [profile('ops', 'eu-west-2')];
    expect((await s.list()).selectedId).toBe('profile:ops@eu-west-2');
  });

  it('says nothing of a fallback when no profile was asked for, or the files could not be read', async () => {
    expect((await service().list()).selectionFallback).toBeUndefined();
    const unreadable = new WorkspaceService({
      training: async () => ({ endpoint: '', accounts: [] }),
      readProfiles: async () => {
        throw new Error('line 3: expected "]"');
      },
      defaultProfile: 'prod-eu',
      statuses: new WorkspaceStatusBoard(() => {}),
      loadSetting: async () => undefined,
      saveSetting: async () => {},
    });
    const list = await unreadable.list();
    expect(list.configError).toMatch(/could not be read/);
    expect(list.selectionFallback).toBeUndefined();
  });

  it('watches several workspaces, always keeps the default one, and remembers the set', async () => {
    const s = service();
    const { list, added, removed } = await s.watch(['training:444455556666@us-east-1', 'training:111122223333@us-east-1']);
    expect(list.watchedIds).toEqual(['training', 'training:444455556666@us-east-1', 'training:111122223333@us-east-1']);
    expect(added).toEqual(['training:444455556666@us-east-1', 'training:111122223333@us-east-1']);
    expect(removed).toEqual([]);
    expect((await service().list()).watchedIds).toEqual(list.watchedIds);
    const second = await s.watch(['training:444455556666@us-east-1']);
    expect(second.removed).toEqual(['training:111122223333@us-east-1']);
  });

  it('refuses unknown workspaces by name and changes nothing', async () => {
    const s = service();
    await s.watch(['training:444455556666@eu-west-1']);
    await expect(s.watch(['profile:gone@eu-west-1', 'training'])).rejects.toMatchObject({ kind: 'validation', message: 'Unknown workspace: profile:gone@eu-west-1.' });
    expect(await s.watched()).toEqual(['training', 'training:444455556666@eu-west-1']);
  });

  it('drops a watched profile that left the config files, without losing the others', async () => {
    catalog.profiles = [profile('ops', 'eu-west-2')];
    const s = service();
    await s.watch(['profile:ops@eu-west-2', 'training:444455556666@eu-west-1']);
    catalog.profiles = [];
    expect(await s.watched()).toEqual(['training', 'training:444455556666@eu-west-1']);
  });

  it('watches one profile in several regions (profile × region), and refuses a malformed region', async () => {
    catalog.profiles = [profile('ops', 'eu-west-1')];
    const s = service();
    const { list } = await s.watch(['profile:ops@eu-west-1', 'profile:ops@us-gov-west-1']);
    expect(list.watchedIds).toEqual(['training', 'profile:ops@eu-west-1', 'profile:ops@us-gov-west-1']);
    expect(list.workspaces.filter((w) => w.profile === 'ops').map((w) => w.label)).toEqual(['ops · eu-west-1', 'ops · us-gov-west-1']);
    await expect(s.resolve('profile:ops@us-gov-west-1')).resolves.toMatchObject({ target: { kind: 'profile', profile: 'ops', region: 'us-gov-west-1' } });
    await expect(s.watch(['profile:ops@mars-1'])).rejects.toMatchObject({ message: 'Unknown workspace: profile:ops@mars-1.' });
    await expect(s.watch(['profile:nobody@eu-west-1'])).rejects.toMatchObject({ kind: 'validation' });
  });

  it('selecting a workspace watches it too', async () => {
    const s = service();
    await s.select('training:444455556666@us-east-1');
    expect(await s.watched()).toEqual(['training:444455556666@us-east-1', 'training']);
  });

  it('says what to do when a chosen profile has gone from the config', async () => {
    await expect(service().select('profile:gone@eu-west-1')).rejects.toMatchObject({ kind: 'not-found', hint: expect.stringMatching(/Choose another workspace/) });
  });

  it('resolves each training workspace to its account key and region, and a profile to its region', async () => {
    catalog.profiles = [profile('ops', null, { credentialSource: 'sso', mfa: false, accountId: '210987654321' })];
    const s = service();
    await expect(s.resolve('training:444455556666@us-east-1')).resolves.toMatchObject({
      accountId: '444455556666',
      target: { kind: 'training', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'AKIACAPSTANTRAINING2' } },
    });
    await expect(s.resolve('profile:ops@us-east-1')).resolves.toMatchObject({
      accountId: '210987654321',
      workspace: { credentialSource: 'sso', label: 'ops · us-east-1' },
      target: { kind: 'profile', profile: 'ops', region: 'us-east-1' },
    });
  });

  it('reports an unreadable config and its problems but still offers the training fleet', async () => {
    const broken = new WorkspaceService({
      training: async () => ({ endpoint: '', accounts: [] }),
      readProfiles: async () => {
        throw new Error('line 3: expected "]"');
      },
      defaultProfile: undefined,
      statuses: new WorkspaceStatusBoard(() => {}),
      loadSetting: async () => undefined,
      saveSetting: async () => {},
    });
    const list = await broken.list();
    expect(list.configError).toBe('The AWS config files could not be read: line 3: expected "]"');
    expect(list.workspaces).toHaveLength(4);
  });
});
