import type { Workspace, WorkspaceList } from '../../preload/contract/workspaces';
import { listAwsProfiles, sharedConfigPaths, type AwsProfile } from '../aws/profiles';
import type { SsmTarget } from '../aws/ssm-client-factory';
import { NotFoundError } from '../errors/app-error';

export const TRAINING_WORKSPACE_ID = 'training';

/** Region used for a profile that names none, as the AWS CLI would fail without one. */
const FALLBACK_REGION = 'us-east-1';

/** The running training fleet as main sees it; credentials stay in main. */
export interface TrainingEndpoint {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A workspace plus what main needs to call AWS for it. */
export interface ResolvedWorkspace {
  workspace: Workspace;
  target: SsmTarget;
  accountId: string;
}

interface WorkspaceServiceDeps {
  env: NodeJS.ProcessEnv;
  /** Starts (once) and returns the in-process training simulator. */
  training: () => Promise<TrainingEndpoint>;
  /** Persisted selection; the store's settings repo in the app. */
  loadSelection: () => Promise<string | null>;
  saveSelection: (id: string) => Promise<void>;
}

/** Id of a profile workspace; stable so the selection survives restarts. */
export function profileWorkspaceId(profile: string, region: string): string {
  return `profile:${profile}@${region}`;
}

/** Knows which workspaces exist and which one the operator chose. */
export class WorkspaceService {
  private selectedId: string | null = null;

  constructor(private readonly deps: WorkspaceServiceDeps) {}

  /** The training fleet plus one workspace per profile; a broken config file is reported, not fatal. */
  async list(): Promise<WorkspaceList> {
    const { profiles, configError } = await this.readProfiles();
    const workspaces = [trainingWorkspace(), ...profiles.map(profileWorkspace)];
    const selectedId = await this.currentId(workspaces, profiles);
    return { workspaces, selectedId, ...(configError ? { configError } : {}) };
  }

  /** Makes `id` current and remembers it. */
  async select(id: string): Promise<Workspace> {
    const resolved = await this.resolve(id);
    this.selectedId = id;
    await this.deps.saveSelection(id);
    return resolved.workspace;
  }

  /** The current workspace id (restored from the store, or chosen by the rules in `list`). */
  async selectedWorkspaceId(): Promise<string> {
    return (await this.list()).selectedId;
  }

  /** Finds a workspace and how to reach it; unknown ids say what to do. */
  async resolve(id: string): Promise<ResolvedWorkspace> {
    if (id === TRAINING_WORKSPACE_ID) {
      const training = await this.deps.training();
      return {
        workspace: trainingWorkspace(training.region),
        accountId: training.accountId,
        target: { kind: 'training', endpoint: training.endpoint, region: training.region, credentials: training.credentials },
      };
    }
    const { profiles } = await this.readProfiles();
    const profile = profiles.find((p) => profileWorkspaceId(p.name, p.region ?? FALLBACK_REGION) === id);
    if (!profile) {
      throw new NotFoundError(`Workspace "${id}" is no longer in the AWS config files.`, {
        hint: 'Choose another workspace, or add the profile back to ~/.aws/config.',
      });
    }
    const paths = sharedConfigPaths(this.deps.env);
    const region = profile.region ?? FALLBACK_REGION;
    return {
      workspace: profileWorkspace(profile),
      accountId: profile.accountId,
      target: { kind: 'profile', profile: profile.name, region, ...paths },
    };
  }

  private async currentId(workspaces: Workspace[], profiles: AwsProfile[]): Promise<string> {
    const known = (id: string | null | undefined): id is string => !!id && workspaces.some((w) => w.id === id);
    if (known(this.selectedId)) return this.selectedId;
    const saved = await this.deps.loadSelection();
    if (known(saved)) return (this.selectedId = saved);
    // First start: the operator's AWS_PROFILE, else "default", else the training fleet.
    const wanted = profiles.find((p) => p.name === (this.deps.env.AWS_PROFILE || 'default'));
    const first = wanted ? profileWorkspaceId(wanted.name, wanted.region ?? FALLBACK_REGION) : TRAINING_WORKSPACE_ID;
    return (this.selectedId = first);
  }

  private async readProfiles(): Promise<{ profiles: AwsProfile[]; configError?: string }> {
    try {
      return { profiles: await listAwsProfiles(this.deps.env) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { profiles: [], configError: `The AWS config files could not be read: ${reason}` };
    }
  }
}

function trainingWorkspace(region = 'eu-west-1'): Workspace {
  return { id: TRAINING_WORKSPACE_ID, kind: 'training', label: 'Training fleet', region };
}

function profileWorkspace(profile: AwsProfile): Workspace {
  const region = profile.region ?? FALLBACK_REGION;
  return { id: profileWorkspaceId(profile.name, region), kind: 'profile', label: `${profile.name} · ${region}`, profile: profile.name, region };
}
