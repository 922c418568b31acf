import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceService } from '../../../../main/workspaces/workspace-service';

let dir: string;
let saved: string | null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-ws-'));
  saved = null;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function service(env: NodeJS.ProcessEnv = {}): WorkspaceService {
  return new WorkspaceService({
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), ...env },
    training: async () => ({ endpoint: 'http://127.0.0.1:1', region: 'eu-west-1', accountId: '111122223333', credentials: { accessKeyId: 'A', secretAccessKey: 'S' } }),
    loadSelection: async () => saved,
    saveSelection: async (id) => {
      saved = id;
    },
  });
}

describe('workspaces', () => {
  it('opens on the training fleet when no AWS profile is configured', async () => {
    const list = await service().list();
    expect(list.selectedId).toBe('training');
    expect(list.workspaces).toEqual([{ id: 'training', kind: 'training', label: 'Training fleet', region: 'eu-west-1' }]);
  });

  it('prefers AWS_PROFILE on first start and remembers the operator choice afterwards', async () => {
    writeFileSync(join(dir, 'config'), '[profile ops]\nregion = eu-west-2\n[profile dev]\nregion = us-east-2\n');
    const first = await service({ AWS_PROFILE: 'dev' }).list();
    expect(first.selectedId).toBe('profile:dev@us-east-2');
    await service().select('profile:ops@eu-west-2');
    expect(saved).toBe('profile:ops@eu-west-2');
    expect((await service({ AWS_PROFILE: 'dev' }).list()).selectedId).toBe('profile:ops@eu-west-2');
  });

  it('says what to do when a chosen profile has gone from the config', async () => {
    await expect(service().select('profile:gone@eu-west-1')).rejects.toMatchObject({ kind: 'not-found', hint: expect.stringMatching(/Choose another workspace/) });
  });

  it('resolves the training fleet to its loopback endpoint and a profile to its region', async () => {
    writeFileSync(join(dir, 'config'), '[profile ops]\noutput = json\n');
    const s = service();
    await expect(s.resolve('training')).resolves.toMatchObject({ accountId: '111122223333', target: { kind: 'training', endpoint: 'http://127.0.0.1:1' } });
    await expect(s.resolve('profile:ops@us-east-1')).resolves.toMatchObject({ target: { kind: 'profile', profile: 'ops', region: 'us-east-1' } });
  });
});
