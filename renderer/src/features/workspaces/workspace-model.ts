// Pure rules of the workspace picker and status strip: no React, no bridge, so unit tests run them in Node.
import type { Workspace, WorkspaceList, WorkspaceState, WorkspaceStatus } from '../../../../preload/contract/workspaces';

/** How a state reads at a glance; the word beside the dot carries the meaning, the tone only helps. */
export type StateTone = 'ok' | 'pending' | 'warn' | 'error';

const TONES: Record<WorkspaceState, StateTone> = {
  unknown: 'pending',
  checking: 'pending',
  ok: 'ok',
  'signing-in': 'warn',
  'needs-sign-in': 'warn',
  expired: 'warn',
  'access-denied': 'error',
  unreachable: 'error',
  misconfigured: 'error',
};

/** The colour family of a state (dot and text). */
export function stateTone(state: WorkspaceState): StateTone {
  return TONES[state];
}

/** States that need the operator: they count as warnings and get a line in the status strip. */
export function needsAttention(state: WorkspaceState): boolean {
  return TONES[state] === 'warn' || TONES[state] === 'error';
}

/** States where signing in (SSO device flow, MFA prompt, fresh credentials) is the fix, not a plain retry. */
export function signInFixes(state: WorkspaceState, workspace: Workspace | undefined): boolean {
  if (state === 'needs-sign-in' || state === 'expired') return true;
  // A denied or broken SSO/MFA profile may just need a new sign-in too; keys or a training account do not.
  return (state === 'access-denied' || state === 'misconfigured') && (workspace?.credentialSource === 'sso' || workspace?.mfa === true);
}

/** The status main reported for a workspace, or "unknown" before it said anything. */
export function statusOf(list: WorkspaceList | undefined, workspaceId: string): WorkspaceStatus {
  return list?.statuses.find((s) => s.workspaceId === workspaceId) ?? { workspaceId, state: 'unknown', callerArn: null, error: null, checkedAt: null };
}

/** Badges saying how a workspace gets its credentials, in reading order ("SSO", "Role" + "MFA"). */
export type CredentialBadge = 'training' | 'sso' | 'role' | 'mfa' | 'keys' | 'process' | 'env';

export function credentialBadges(workspace: Workspace): CredentialBadge[] {
  const badges: CredentialBadge[] = [];
  switch (workspace.credentialSource) {
    case 'training':
      badges.push('training');
      break;
    case 'sso':
      badges.push('sso');
      break;
    case 'assume-role':
      badges.push('role');
      break;
    case 'static':
      badges.push('keys');
      break;
    case 'process':
      badges.push('process');
      break;
    case 'env':
      badges.push('env');
      break;
    case 'unknown':
      break;
  }
  if (workspace.mfa) badges.push('mfa');
  return badges;
}

/** One account in the picker: its heading and its workspaces (one per region). */
export interface AccountGroup {
  key: string;
  /** Training accounts by name; profiles by profile name. */
  title: string;
  /** The 12-digit account id when known, shown in monospace beside the title. */
  accountId: string;
  training: boolean;
  workspaces: Workspace[];
}

function groupKey(w: Workspace): string {
  return w.kind === 'training' ? `training:${w.accountId}` : `profile:${w.profile ?? w.label}`;
}

/**
 * Workspaces grouped by account: training accounts by name (first, as main lists them), then
 * profiles by profile name. Groups keep main's order; regions inside a group are sorted.
 */
export function groupByAccount(workspaces: readonly Workspace[]): AccountGroup[] {
  const groups = new Map<string, AccountGroup>();
  for (const w of workspaces) {
    const key = groupKey(w);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        title: w.kind === 'training' ? w.accountName || w.accountId : (w.profile ?? w.label),
        accountId: w.accountId,
        training: w.kind === 'training',
        workspaces: [],
      };
      groups.set(key, group);
    }
    if (!group.accountId && w.accountId) group.accountId = w.accountId;
    group.workspaces.push(w);
  }
  for (const group of groups.values()) group.workspaces.sort((a, b) => a.region.localeCompare(b.region));
  return [...groups.values()];
}

/** Keeps the groups (and the workspaces in them) whose name, profile, account or region contains the text. */
export function filterGroups(groups: readonly AccountGroup[], query: string): AccountGroup[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...groups];
  const out: AccountGroup[] = [];
  for (const group of groups) {
    const groupHit = group.title.toLowerCase().includes(needle) || group.accountId.includes(needle);
    const workspaces = groupHit
      ? group.workspaces
      : group.workspaces.filter((w) => [w.label, w.region, w.profile ?? '', w.accountName].some((text) => text.toLowerCase().includes(needle)));
    if (workspaces.length > 0) out.push({ ...group, workspaces });
  }
  return out;
}

/** What the closed picker says about the watched set. */
export interface WatchedSummary {
  workspaces: number;
  accounts: number;
  regions: number;
  /** Watched workspaces whose state needs the operator. */
  warnings: number;
  /** The one watched workspace, when only one is. */
  only: Workspace | null;
  anyTraining: boolean;
}

/** Counts the watched workspaces, their distinct accounts (or profiles, before STS answered) and regions. */
export function summarizeWatched(list: WorkspaceList | undefined): WatchedSummary {
  const watched = watchedWorkspaces(list);
  const accounts = new Set(watched.map((w) => w.accountId || `profile:${w.profile ?? w.id}`));
  const regions = new Set(watched.map((w) => w.region));
  const warnings = watched.filter((w) => needsAttention(statusOf(list, w.id).state)).length;
  return {
    workspaces: watched.length,
    accounts: accounts.size,
    regions: regions.size,
    warnings,
    only: watched.length === 1 ? (watched[0] ?? null) : null,
    anyTraining: watched.some((w) => w.kind === 'training'),
  };
}

/** The watched workspaces in main's order; ids main no longer lists are left out. */
export function watchedWorkspaces(list: WorkspaceList | undefined): Workspace[] {
  if (!list) return [];
  const ids = new Set(list.watchedIds);
  return list.workspaces.filter((w) => ids.has(w.id));
}

/** The watched ids after ticking or unticking one; the default workspace always stays watched. */
export function toggleWatched(list: WorkspaceList, workspaceId: string): string[] {
  const watched = list.watchedIds.includes(workspaceId);
  if (watched && workspaceId === list.selectedId) return [...list.watchedIds];
  if (watched) return list.watchedIds.filter((id) => id !== workspaceId);
  // Main's order, so the grid's status bar lists workspaces as the picker does.
  const next = new Set([...list.watchedIds, workspaceId]);
  const ordered = list.workspaces.filter((w) => next.has(w.id)).map((w) => w.id);
  // Ids main knows of but has not listed yet (a profile added meanwhile) stay at the end.
  return [...ordered, ...[...next].filter((id) => !ordered.includes(id))];
}

/**
 * The cached list after a status event or answer: that workspace's status replaced, the others
 * untouched. An answer older than what an event already said (checkedAt) is dropped: invoke answers
 * and events travel separately and may cross.
 */
export function withStatus(list: WorkspaceList, status: WorkspaceStatus): WorkspaceList {
  const known = list.statuses.find((s) => s.workspaceId === status.workspaceId);
  if (known?.checkedAt != null && status.checkedAt != null && status.checkedAt < known.checkedAt) return list;
  const others = list.statuses.filter((s) => s.workspaceId !== status.workspaceId);
  return { ...list, statuses: [...others, status] };
}

/**
 * The cached list after a new default: selected, and watched too (main watches it as well). A default
 * the operator chose ends the "profile not found" notice, as it does in main.
 */
export function withSelected(list: WorkspaceList, workspace: Workspace): WorkspaceList {
  const workspaces = list.workspaces.some((w) => w.id === workspace.id) ? list.workspaces : [...list.workspaces, workspace];
  const watchedIds = list.watchedIds.includes(workspace.id) ? list.watchedIds : [...list.watchedIds, workspace.id];
  const { selectionFallback: _ended, ...rest } = list;
  return { ...rest, workspaces, selectedId: workspace.id, watchedIds };
}

/** What the strip offers for a workspace: sign in, check again, or nothing while a sign-in waits on the operator. */
export type AttentionAction = 'sign-in' | 'retry' | null;

/** A watched workspace that needs the operator, with what the strip says and offers. */
export interface AttentionItem {
  workspace: Workspace;
  status: WorkspaceStatus;
  action: AttentionAction;
  /** Whether "Stop watching" is offered: never for the default workspace (it is always watched). */
  canUnwatch: boolean;
}

function actionFor(status: WorkspaceStatus, workspace: Workspace): AttentionAction {
  // A sign-in under way is answered in its dialog (MFA code, browser approval); a second one would only queue.
  if (status.state === 'signing-in') return null;
  return signInFixes(status.state, workspace) ? 'sign-in' : 'retry';
}

/**
 * Watched workspaces whose state needs the operator, errors first, then warnings, in main's order.
 * A sign-in under way is listed too: its dialog may be closed or its prompt missed, and the grid
 * should still say why that workspace has no fresh rows.
 */
export function attentionItems(list: WorkspaceList | undefined): AttentionItem[] {
  const items = watchedWorkspaces(list)
    .map((workspace) => ({ workspace, status: statusOf(list, workspace.id) }))
    .filter(({ status }) => needsAttention(status.state))
    .map(({ workspace, status }) => ({
      workspace,
      status,
      action: actionFor(status, workspace),
      canUnwatch: workspace.id !== list?.selectedId,
    }));
  const rank = (item: AttentionItem): number => (stateTone(item.status.state) === 'error' ? 0 : 1);
  return items.sort((a, b) => rank(a) - rank(b));
}

/**
 * Watched workspaces whose trouble the strip or a sign-in dialog already shows: their failed syncs
 * get no banner of their own (the same cause twice is noise at 3 a.m.).
 */
export function explainedWorkspaceIds(list: WorkspaceList | undefined): Set<string> {
  return new Set(watchedWorkspaces(list).filter((w) => needsAttention(statusOf(list, w.id).state)).map((w) => w.id));
}

/** A readable account for a grid cell: the name main knows for that id, else nothing (the id is shown). */
export function accountNames(workspaces: readonly Workspace[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const w of workspaces) if (w.accountId && w.accountName && !names.has(w.accountId)) names.set(w.accountId, w.accountName);
  return names;
}
