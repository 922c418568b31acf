import type { ProfileProblem, SelectionFallback, SharedFile, Workspace, WorkspaceList } from '../../preload/contract/workspaces';
import type { SsmTarget } from '../aws/ssm-client-factory';
import { NotFoundError, ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { parseTrainingWorkspaceId, TRAINING_WORKSPACE_ID, trainingWorkspaces } from './training-workspaces';
import type { WorkspaceStatusBoard } from './workspace-status';

export { TRAINING_WORKSPACE_ID } from './training-workspaces';

/** Region used for a profile that names none, as the AWS CLI would fail without one. */
const FALLBACK_REGION = 'us-east-1';
/** How many workspaces one window watches: each is a sync every few minutes against AWS's rate limits. */
export const MAX_WATCHED = 20;

/** The running training fleet as main sees it; credentials stay in main. */
export interface TrainingEndpoint {
  endpoint: string;
  accounts: ReadonlyArray<{ accountId: string; credentials: { accessKeyId: string; secretAccessKey: string } }>;
}

/** A profile as the workspace picker needs it (read from the shared config files, no AWS call). */
export interface ProfileInfo {
  name: string;
  region: string | null;
  accountId: string;
  accountName: string;
  credentialSource: Workspace['credentialSource'];
  mfa: boolean;
  /** The SSO session's name (or a legacy profile's start URL): profiles sharing it share one sign-in. */
  ssoSessionKey?: string | null;
}

export interface ProfileCatalog {
  profiles: ProfileInfo[];
  problems: ProfileProblem[];
  configError?: string;
  /** The config and credentials files the profiles were read from. */
  files?: SharedFile[];
  /** Files that exist but could not be read (their problem is in `problems`). */
  unreadableFiles?: string[];
}

/** A workspace plus what main needs to call AWS for it. */
export interface ResolvedWorkspace {
  workspace: Workspace;
  target: SsmTarget;
  accountId: string;
}

interface WorkspaceServiceDeps {
  /** Starts (once) and returns the in-process training simulator. */
  training: () => Promise<TrainingEndpoint>;
  readProfiles: () => Promise<ProfileCatalog>;
  /** AWS_PROFILE: the first-start choice when set. */
  defaultProfile: string | undefined;
  statuses: WorkspaceStatusBoard;
  /** Persisted choices; the store's settings repo in the app. */
  loadSetting: (key: string) => Promise<unknown>;
  saveSetting: (key: string, value: string | string[]) => Promise<void>;
}

/** Id of a profile workspace; stable so the selection survives restarts. */
export function profileWorkspaceId(profile: string, region: string): string {
  return `profile:${profile}@${region}`;
}

/** The profile a profile workspace id names, or null for any other id. */
export function profileOfWorkspaceId(id: string): string | null {
  return parseProfileWorkspaceId(id)?.profile ?? null;
}

/** The profile and region `profileWorkspaceId` put into an id, or null for any other id. */
function parseProfileWorkspaceId(id: string): { profile: string; region: string } | null {
  const match = /^profile:(.+)@([a-z0-9-]+)$/.exec(id);
  return match ? { profile: match[1]!, region: match[2]! } : null;
}

const SELECTED_KEY = 'workspace.selected';
const WATCHED_KEY = 'workspace.watched';

/** Knows which workspaces exist, which ones the operator watches, and which one is the default. */
export class WorkspaceService {
  private selectedId: string | null = null;
  private watchedIds: string[] | null = null;
  /** The default as stored, read from the store once (undefined: not read yet). */
  private savedSelected: string | null | undefined = undefined;
  /** The profile asked for when the default had to fall back, until the operator chooses one. */
  private fallback: Pick<SelectionFallback, 'source' | 'profile' | 'region' | 'openedId'> | null = null;

  constructor(private readonly deps: WorkspaceServiceDeps) {}

  /** The training workspaces plus one per profile; a broken config file is reported, not fatal. */
  async list(): Promise<WorkspaceList> {
    return (await this.snapshot()).list;
  }

  /** The list with the profiles it was built from (the config files are read once per call). */
  private async snapshot(): Promise<{ list: WorkspaceList; profiles: ProfileInfo[] }> {
    const catalog = await this.readProfiles();
    const workspaces = [...trainingWorkspaces(), ...(await this.profileWorkspaces(catalog.profiles))];
    const selectedId = await this.currentId(workspaces, catalog.profiles);
    const watchedIds = await this.currentWatched(workspaces, selectedId);
    const fallback = this.currentFallback(catalog, selectedId);
    const list: WorkspaceList = {
      workspaces,
      selectedId,
      watchedIds,
      statuses: this.deps.statuses.all(workspaces.map((w) => w.id)),
      profileProblems: catalog.problems,
      ...(catalog.configError ? { configError: catalog.configError } : {}),
      ...(fallback ? { selectionFallback: fallback } : {}),
    };
    return { list, profiles: catalog.profiles };
  }

  /** Makes `id` the default for commands and runbooks, and watches it. */
  async select(id: string): Promise<Workspace> {
    const resolved = await this.resolve(id);
    // The previous default stays watched: the operator was looking at it a moment ago.
    const watched = await this.watched();
    this.selectedId = id;
    this.savedSelected = id;
    this.fallback = null;
    await this.deps.saveSetting(SELECTED_KEY, id);
    await this.saveWatched([...new Set([id, ...watched])]);
    return resolved.workspace;
  }

  /**
   * Sets the watched workspaces. Unknown ids are refused by name (nothing changes); the default one is
   * always kept, since commands need one account and region to run in.
   */
  async watch(ids: readonly string[]): Promise<{ list: WorkspaceList; added: string[]; removed: string[] }> {
    const { list: before, profiles } = await this.snapshot();
    const known = new Set(before.workspaces.map((w) => w.id));
    // A profile can be watched in any region, not only the one its config names.
    const unknown = ids.filter((id) => !known.has(id) && !profileInRegion(profiles, id));
    if (unknown.length > 0) {
      throw new ValidationError(errorText(unknown.length > 1 ? 'workspaces.unknownMany' : 'workspaces.unknownOne', { ids: unknown.join(', ') }), {
        hint: errorText('workspaces.unknownHint'),
      });
    }
    const wanted = [...new Set([before.selectedId, ...ids])];
    if (wanted.length > MAX_WATCHED) {
      throw new ValidationError(errorText('workspaces.tooMany', { max: MAX_WATCHED, chosen: wanted.length }), {
        hint: errorText('workspaces.tooManyHint'),
      });
    }
    await this.saveWatched(wanted);
    const added = wanted.filter((id) => !before.watchedIds.includes(id));
    const removed = before.watchedIds.filter((id) => !wanted.includes(id));
    return { list: await this.list(), added, removed };
  }

  /** The SSO session a profile workspace signs in to, or null (training, non-SSO, unknown). */
  async ssoSessionOf(id: string): Promise<string | null> {
    const found = profileInRegion((await this.readProfiles()).profiles, id);
    return found?.profile.ssoSessionKey ?? null;
  }

  /** The default workspace id (restored from the store, or chosen by the rules in `list`). */
  async selectedWorkspaceId(): Promise<string> {
    return (await this.list()).selectedId;
  }

  /** The watched workspace ids, default first. */
  async watched(): Promise<string[]> {
    return (await this.list()).watchedIds;
  }

  /** Finds a workspace and how to reach it; unknown ids say what to do. */
  async resolve(id: string): Promise<ResolvedWorkspace> {
    const training = parseTrainingWorkspaceId(id);
    if (training) {
      const endpoint = await this.deps.training();
      const account = endpoint.accounts.find((a) => a.accountId === training.accountId);
      const workspace = trainingWorkspaces().find((w) => w.id === id);
      if (!account || !workspace) throw new NotFoundError(`The training fleet has no account ${training.accountId}.`);
      return {
        workspace,
        accountId: training.accountId,
        target: { kind: 'training', endpoint: endpoint.endpoint, region: training.region, credentials: account.credentials },
      };
    }
    const { profiles } = await this.readProfiles();
    const found = profileInRegion(profiles, id);
    if (!found) {
      throw new NotFoundError(errorText('workspaces.gone', { id }), { hint: errorText('workspaces.goneHint') });
    }
    const workspace = profileWorkspace(found.profile, found.region);
    return { workspace, accountId: workspace.accountId, target: { kind: 'profile', profile: found.profile.name, region: workspace.region } };
  }

  /** Each profile in its configured region, plus the other regions the operator chose for it. */
  private async profileWorkspaces(profiles: ProfileInfo[]): Promise<Workspace[]> {
    const chosen = [...(await this.storedWatched()), this.selectedId ?? '', (await this.storedSelected()) ?? ''];
    const ids = new Set(profiles.map(configuredWorkspaceId));
    for (const id of chosen) if (profileInRegion(profiles, id)) ids.add(id);
    return [...ids].map((id) => {
      const found = profileInRegion(profiles, id)!;
      return profileWorkspace(found.profile, found.region);
    });
  }

  private async storedSelected(): Promise<string | null> {
    if (this.savedSelected === undefined) {
      const saved = await this.deps.loadSetting(SELECTED_KEY);
      this.savedSelected = typeof saved === 'string' ? saved : null;
    }
    return this.savedSelected;
  }

  private async storedWatched(): Promise<string[]> {
    if (this.watchedIds === null) {
      const saved = await this.deps.loadSetting(WATCHED_KEY);
      this.watchedIds = Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
    }
    return this.watchedIds;
  }

  private async currentId(workspaces: Workspace[], profiles: ProfileInfo[]): Promise<string> {
    const known = (id: unknown): id is string => typeof id === 'string' && workspaces.some((w) => w.id === id);
    const saved = await this.storedSelected();
    const restored = this.standInGivesWay(profiles, saved);
    if (known(restored)) {
      this.fallback = null;
      return (this.selectedId = restored);
    }
    if (known(this.selectedId)) return this.selectedId;
    if (known(saved)) return (this.selectedId = saved);
    // First start: the operator's AWS_PROFILE, else "default", else the training fleet. An AWS_PROFILE
    // that names no profile opens the training fleet, never "default": that may be another account.
    const asked = this.deps.defaultProfile;
    const wanted = profiles.find((p) => p.name === (asked || 'default'));
    const first = wanted ? configuredWorkspaceId(wanted) : TRAINING_WORKSPACE_ID;
    // Said, not swapped silently: the saved default (or the one in force until now) names a profile
    // that left the files, or AWS_PROFILE names one that is not there.
    const lost = (id: string | null): { profile: string; region: string } | null => {
      const parsed = id ? parseProfileWorkspaceId(id) : null;
      return parsed && !profiles.some((p) => p.name === parsed.profile) ? parsed : null;
    };
    const lostDefault = lost(saved) ?? (asked && !wanted ? null : lost(this.selectedId));
    if (lostDefault) this.fallback = { source: 'saved', ...lostDefault, openedId: first };
    else if (asked && !wanted) this.fallback = { source: 'aws-profile', profile: asked, region: null, openedId: first };
    return (this.selectedId = first);
  }

  /**
   * The default a stand-in gives way to once the profile it stood in for is back (the file fixed,
   * the section restored) and the operator chose nothing else meanwhile; null while it is not.
   */
  private standInGivesWay(profiles: ProfileInfo[], saved: string | null): string | null {
    const fallback = this.fallback;
    if (!fallback || this.selectedId !== fallback.openedId) return null;
    const back = profiles.find((p) => p.name === fallback.profile);
    if (!back) return null;
    return fallback.source === 'saved' ? saved : configuredWorkspaceId(back);
  }

  /** What the list says about a fallback still in force: the stand-in is the default and the profile is still missing. */
  private currentFallback(catalog: ProfileCatalog, selectedId: string): SelectionFallback | null {
    const fallback = this.fallback;
    if (!fallback || fallback.openedId !== selectedId) return null;
    // Files that could not be read are reported as such (configError), not as a missing profile.
    // Nor is a profile that may be in a file that exists but could not be read (its problem is listed).
    if (catalog.configError || catalog.unreadableFiles?.length || catalog.profiles.some((p) => p.name === fallback.profile)) return null;
    return { ...fallback, files: catalog.files ?? [] };
  }

  private async currentWatched(workspaces: Workspace[], selectedId: string): Promise<string[]> {
    // A profile removed from the config drops out of the watched set; the default is always watched.
    const present = (await this.storedWatched()).filter((id) => id !== selectedId && workspaces.some((w) => w.id === id));
    return [selectedId, ...present];
  }

  private async saveWatched(ids: string[]): Promise<void> {
    this.watchedIds = ids;
    await this.deps.saveSetting(WATCHED_KEY, ids);
  }

  private async readProfiles(): Promise<ProfileCatalog> {
    try {
      return await this.deps.readProfiles();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { profiles: [], problems: [], configError: `The AWS config files could not be read: ${reason}` };
    }
  }
}

/** AWS region names: eu-west-1, us-gov-west-1, cn-north-1, ap-southeast-4. */
const regionPattern = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** The profile and region a profile workspace id names, when the profile exists and the region is well formed. */
function profileInRegion(profiles: ProfileInfo[], id: string): { profile: ProfileInfo; region: string } | null {
  const parsed = parseProfileWorkspaceId(id);
  if (!parsed || !regionPattern.test(parsed.region)) return null;
  const profile = profiles.find((p) => p.name === parsed.profile);
  return profile ? { profile, region: parsed.region } : null;
}

/** A profile's workspace in the region its config names (or the fallback region). */
function configuredWorkspaceId(profile: ProfileInfo): string {
  return profileWorkspaceId(profile.name, profile.region ?? FALLBACK_REGION);
}

function profileWorkspace(profile: ProfileInfo, inRegion?: string): Workspace {
  const region = inRegion ?? profile.region ?? FALLBACK_REGION;
  return {
    id: profileWorkspaceId(profile.name, region),
    kind: 'profile',
    label: `${profile.name} · ${region}`,
    profile: profile.name,
    region,
    accountId: profile.accountId,
    accountName: profile.accountName,
    credentialSource: profile.credentialSource,
    mfa: profile.mfa,
  };
}
