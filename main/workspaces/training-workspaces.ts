import type { Workspace } from '../../preload/contract/workspaces';
import { TRAINING_ACCOUNTS } from '../simulator/identity/training-accounts';

/** The workspace that has always meant "the training fleet": first account, first region. */
export const TRAINING_WORKSPACE_ID = 'training';

/** Regions the training fleet offers in the picker: enough to practise a multi-region grid. */
export const TRAINING_REGIONS: readonly string[] = ['eu-west-1', 'us-east-1'];

/** Every training account × region; the first keeps the id `training` so older caches and settings stay valid. */
export function trainingWorkspaces(): Workspace[] {
  return TRAINING_ACCOUNTS.flatMap((account) =>
    TRAINING_REGIONS.map((region) => ({
      id: trainingWorkspaceId(account.accountId, region),
      kind: 'training' as const,
      label: `${account.label} · ${region}`,
      region,
      accountId: account.accountId,
      accountName: account.label,
      credentialSource: 'training' as const,
      mfa: false,
    })),
  );
}

export function trainingWorkspaceId(accountId: string, region: string): string {
  const first = TRAINING_ACCOUNTS[0]!;
  if (accountId === first.accountId && region === TRAINING_REGIONS[0]) return TRAINING_WORKSPACE_ID;
  return `training:${accountId}@${region}`;
}

/** The account and region a training workspace id stands for, or null when it is not one. */
export function parseTrainingWorkspaceId(id: string): { accountId: string; region: string } | null {
  if (id === TRAINING_WORKSPACE_ID) return { accountId: TRAINING_ACCOUNTS[0]!.accountId, region: TRAINING_REGIONS[0]! };
  const match = /^training:(\d{12})@([a-z0-9-]+)$/.exec(id);
  if (!match) return null;
  const [, accountId, region] = match as unknown as [string, string, string];
  if (!TRAINING_ACCOUNTS.some((a) => a.accountId === accountId) || !TRAINING_REGIONS.includes(region)) return null;
  return { accountId, region };
}
