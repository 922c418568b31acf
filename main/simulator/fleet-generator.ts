import {
  ACTIVATION_COUNT,
  ACTIVATION_ROLES,
  AGENT_VERSIONS,
  APPLICATIONS,
  ASSOCIATION_OUTCOMES,
  CONNECTION_LOST_SHARE,
  COST_CENTER_SHARE,
  ENVIRONMENTS,
  FEW_TAGS_SHARE,
  HYBRID_SHARE,
  HYBRID_SITES,
  INACTIVE_SHARE,
  LATEST_AGENT_VERSION,
  LINUX_PLATFORMS,
  LINUX_ROLES,
  WINDOWS_PLATFORMS,
  WINDOWS_ROLES,
  WINDOWS_SHARE,
  regionShortCode,
} from './fleet-catalog';
import {
  hex8,
  hexWord,
  intBetween,
  mix32,
  pick,
  pickWeighted,
  streamFor,
  upperAlnum,
  uuidFrom,
} from './seeded-random';
import type { RandomSource } from './seeded-random';
import type { ApplicationSpec } from './fleet-catalog';

/** Agent health as DescribeInstanceInformation reports it. */
export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

/** A tag as SSM returns it (`{Key, Value}`). */
export interface SimulatedTag {
  readonly Key: string;
  readonly Value: string;
}

/** Aggregated association state of a node (InstanceAggregatedAssociationOverview). */
export interface SimulatedAssociationOverview {
  readonly DetailedStatus: string;
  readonly InstanceAssociationStatusAggregatedCount: Readonly<Record<string, number>>;
}

/**
 * One node exactly as DescribeInstanceInformation puts it on the wire: member names as in the
 * model, timestamps as epoch seconds (fractional milliseconds allowed), optional members absent.
 */
export interface SimulatedInstanceInformation {
  readonly InstanceId: string;
  readonly PingStatus: PingStatus;
  readonly LastPingDateTime: number;
  readonly AgentVersion: string;
  readonly IsLatestVersion: boolean;
  readonly PlatformType: 'Linux' | 'Windows';
  readonly PlatformName: string;
  readonly PlatformVersion: string;
  readonly ActivationId?: string;
  readonly IamRole?: string;
  readonly RegistrationDate?: number;
  readonly ResourceType: 'EC2Instance' | 'ManagedInstance';
  readonly Name?: string;
  readonly IPAddress: string;
  readonly ComputerName: string;
  readonly AssociationStatus?: 'Success' | 'Pending' | 'Failed';
  readonly LastAssociationExecutionDate?: number;
  readonly LastSuccessfulAssociationExecutionDate?: number;
  readonly AssociationOverview?: SimulatedAssociationOverview;
  readonly SourceId: string;
  readonly SourceType: 'AWS::EC2::Instance' | 'AWS::SSM::ManagedInstance';
}

/**
 * A node of the training fleet: its wire record, its tags, and when inventory last saw it.
 * Generated nodes are materialised on first read (see {@link generateFleet}); compare nodes by
 * their `info`/`tags`, not by object identity or shallow equality.
 */
export interface SimulatedNode {
  /** Position in the generated fleet; the simulator lists nodes in this order. */
  readonly index: number;
  /** Same as `info.InstanceId`; cheap to read even before the node is materialised. */
  readonly InstanceId: string;
  readonly info: SimulatedInstanceInformation;
  readonly tags: ReadonlyArray<SimulatedTag>;
  /** Inventory capture time, `YYYY-MM-DDThh:mm:ssZ` (the only form the API allows). */
  readonly inventoryCaptureTime: string;
}

/** Inputs of {@link generateFleet}; only `nodes` is required. */
export interface FleetOptions {
  /** 10..100,000 nodes. */
  nodes: number;
  /** Same seed, same fleet (default 1). */
  seed?: number;
  /** Account that owns the fleet (default 111122223333); reserved for account-scoped data such as ARNs. */
  accountId?: string;
  /** Region the EC2 nodes live in (default eu-west-1); shapes host names and Name tags. */
  region?: string;
  /** "Now" in epoch milliseconds; all timestamps are placed before it (default Date.now()). */
  now?: number;
  /**
   * Instance-id space, for simulators serving several fleets: fleets generated with the same
   * `seed` here and distinct `block`s (0..32767) never share an id. Default: this fleet's seed, block 0.
   */
  ids?: { readonly seed: number; readonly block: number };
}

/** Smallest fleet the generator makes. */
export const MIN_FLEET_SIZE = 10;
/** Largest fleet the generator makes. */
export const MAX_FLEET_SIZE = 100_000;
/** Largest instance-id block (FleetOptions.ids): 32,768 fleets of up to 2^17 nodes each. */
export const MAX_ID_BLOCK = 0x7fff;

// Salts keep the per-purpose streams apart so adding a draw to one never shifts the others.
const SALT_NODE = 0x6e6f6465;
const SALT_ID = 0x69642121;
const SALT_ACTIVATION = 0x61637476;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Activation {
  readonly id: string;
  readonly role: string;
}

/** Generates a deterministic fleet: node i depends only on (seed, i, region, now). */
export function generateFleet(options: FleetOptions): SimulatedNode[] {
  const { nodes: size, seed = 1, region = 'eu-west-1', now = Date.now() } = options;
  if (!Number.isInteger(size) || size < MIN_FLEET_SIZE || size > MAX_FLEET_SIZE) {
    throw new RangeError(`Fleet size must be an integer from ${MIN_FLEET_SIZE} to ${MAX_FLEET_SIZE}; got ${size}.`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer; got ${seed}.`);
  const ids = options.ids ?? { seed, block: 0 };
  if (!Number.isInteger(ids.block) || ids.block < 0 || ids.block > MAX_ID_BLOCK) {
    throw new RangeError(`Id block must be an integer from 0 to ${MAX_ID_BLOCK}; got ${ids.block}.`);
  }
  const activations = makeActivations(seed);
  const context: NodeContext = {
    seed,
    // Index (< 2^17) XOR this key stays inside the key's own 2^17 block, and blocks differ in
    // the bits above 17, so mix32 (a bijection) can never map two fleets' nodes to one id.
    idKey: (mix32(ids.seed ^ SALT_ID) ^ (ids.block << 17)) >>> 0,
    now,
    regionCode: regionShortCode(region),
    dnsSuffix: region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`,
    activations,
    captureTime: captureTimeFormatter(now),
  };
  const fleet: SimulatedNode[] = new Array<SimulatedNode>(size);
  for (let i = 0; i < size; i++) fleet[i] = new GeneratedNode(context, i);
  return fleet;
}

type NodeRecord = Pick<SimulatedNode, 'info' | 'tags' | 'inventoryCaptureTime'>;

/**
 * A node whose record is built on first read. A full fleet of rich records costs ~0.5-1 s of
 * allocation and GC on a busy build machine; deferring it makes `generateFleet` O(n) in tiny
 * objects, while a node's content still depends only on (seed, index, region, now).
 */
class GeneratedNode implements SimulatedNode {
  readonly index: number;
  readonly #context: NodeContext;
  #record: NodeRecord | undefined;
  #instanceId: string | undefined;

  constructor(context: NodeContext, index: number) {
    this.#context = context;
    this.index = index;
  }

  get info(): SimulatedInstanceInformation {
    return this.#materialise().info;
  }

  get tags(): ReadonlyArray<SimulatedTag> {
    return this.#materialise().tags;
  }

  get inventoryCaptureTime(): string {
    return this.#materialise().inventoryCaptureTime;
  }

  get InstanceId(): string {
    this.#instanceId ??= this.#record ? this.#record.info.InstanceId : instanceIdFor(this.#context, this.index);
    return this.#instanceId;
  }

  toJSON(): SimulatedNode {
    return {
      index: this.index,
      InstanceId: this.InstanceId,
      info: this.info,
      tags: this.tags,
      inventoryCaptureTime: this.inventoryCaptureTime,
    };
  }

  #materialise(): NodeRecord {
    this.#record ??= generateNode(this.#context, this.index);
    return this.#record;
  }
}

interface NodeContext {
  readonly seed: number;
  /** Keys the middle 8 hex digits of instance ids (see FleetOptions.ids). */
  readonly idKey: number;
  readonly now: number;
  readonly regionCode: string;
  readonly dnsSuffix: string;
  readonly activations: ReadonlyArray<Activation>;
  /** Capture time `minutesAgo` minutes before now, formatted once per distinct minute. */
  readonly captureTime: (minutesAgo: number) => string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const WINDOWS_APPLICATIONS = APPLICATIONS.filter((a) => a.windows);
/** Inventory runs every few hours; a capture is at most this old on a node that still pings. */
const CAPTURE_WINDOW_MINUTES = 6 * 60;

function makeActivations(seed: number): Activation[] {
  const out: Activation[] = [];
  for (let a = 0; a < ACTIVATION_COUNT; a++) {
    const random = streamFor(seed, SALT_ACTIVATION, a);
    out.push({ id: uuidFrom(random), role: ACTIVATION_ROLES[a % ACTIVATION_ROLES.length] ?? 'SSMServiceRole' });
  }
  return out;
}

/** 17 lower-hex digits; the middle 8 are a bijection of the index, so ids never collide. */
function nodeIdSuffix(context: NodeContext, index: number): string {
  const random = streamFor(context.seed, SALT_ID, index);
  return `0${hex8(mix32(index ^ context.idKey))}${hexWord(random)}`;
}

/** Epoch milliseconds → epoch seconds with millisecond fraction, as the wire carries them. */
function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** Capture times have no fractional seconds (`YYYY-MM-DDThh:mm:ssZ`); formatting is memoised. */
function captureTimeFormatter(now: number): (minutesAgo: number) => string {
  const cache = new Map<number, string>();
  return (minutesAgo) => {
    let text = cache.get(minutesAgo);
    if (text === undefined) {
      const ms = Math.floor((now - minutesAgo * MINUTE) / SECOND) * SECOND;
      text = new Date(ms).toISOString().replace('.000Z', 'Z');
      cache.set(minutesAgo, text);
    }
    return text;
  };
}

/** Only the first two draws of a node's stream decide its id's prefix. */
function instanceIdFor(context: NodeContext, index: number): string {
  const random = streamFor(context.seed, SALT_NODE, index);
  random(); // windows
  const hybrid = random() < HYBRID_SHARE;
  return `${hybrid ? 'mi-' : 'i-'}${nodeIdSuffix(context, index)}`;
}

function generateNode(context: NodeContext, index: number): NodeRecord {
  const random = streamFor(context.seed, SALT_NODE, index);
  const { now } = context;

  // Keep these two draws first: instanceIdFor() replays them.
  const windows = random() < WINDOWS_SHARE;
  const hybrid = random() < HYBRID_SHARE;
  const platform = pickWeighted(random, windows ? WINDOWS_PLATFORMS : LINUX_PLATFORMS);
  const platformVersion = pick(random, platform.versions);
  const agentVersion = pickWeighted(random, AGENT_VERSIONS);

  const pingRoll = random();
  const pingStatus: PingStatus =
    pingRoll < INACTIVE_SHARE ? 'Inactive' : pingRoll < INACTIVE_SHARE + CONNECTION_LOST_SHARE ? 'ConnectionLost' : 'Online';
  const lastPing =
    pingStatus === 'Online'
      ? now - intBetween(random, 5 * SECOND, 5 * MINUTE)
      : pingStatus === 'ConnectionLost'
        ? now - intBetween(random, 20 * MINUTE, 14 * DAY)
        : now - intBetween(random, 31 * DAY, 120 * DAY);

  const environment = pickWeighted(random, ENVIRONMENTS);
  const role = pickWeighted(random, windows ? WINDOWS_ROLES : LINUX_ROLES);
  const application = pick(random, windows ? WINDOWS_APPLICATIONS : APPLICATIONS);
  const site = pick(random, HYBRID_SITES);
  const sequence = index < 999 ? String(index + 1).padStart(3, '0') : String(index + 1);
  const nameTag = `${role}-${environment.name}-${hybrid ? site.name : context.regionCode}-${sequence}`;

  const idSuffix = nodeIdSuffix(context, index);
  const instanceId = hybrid ? `mi-${idSuffix}` : `i-${idSuffix}`;

  const ip = hybrid
    ? `${site.ipPrefix}.${intBetween(random, 0, 255)}.${intBetween(random, 2, 254)}`
    : `10.${environment.octet + intBetween(random, 0, 3)}.${intBetween(random, 0, 255)}.${intBetween(random, 4, 254)}`;

  // Built member by member (not with spreads) to keep 100,000 nodes cheap, and in the model's
  // member order so raw wire output reads like the real service's.
  const info: Mutable<SimulatedInstanceInformation> = {
    InstanceId: instanceId,
    PingStatus: pingStatus,
    LastPingDateTime: epochSeconds(lastPing),
    AgentVersion: agentVersion,
    IsLatestVersion: agentVersion === LATEST_AGENT_VERSION,
    PlatformType: platform.PlatformType,
    PlatformName: platform.PlatformName,
    PlatformVersion: platformVersion,
  } as Mutable<SimulatedInstanceInformation>;
  if (hybrid) {
    const activation = pick(random, context.activations);
    info.ActivationId = activation.id;
    info.IamRole = activation.role;
    info.RegistrationDate = epochSeconds(Math.min(lastPing - HOUR, now - intBetween(random, 30 * DAY, 900 * DAY)));
  }
  info.ResourceType = hybrid ? 'ManagedInstance' : 'EC2Instance';
  if (hybrid) info.Name = nameTag;
  info.IPAddress = ip;
  info.ComputerName = makeComputerName(random, windows, hybrid, ip, nameTag, context.dnsSuffix);
  addAssociation(random, info, lastPing);
  info.SourceId = instanceId;
  info.SourceType = hybrid ? 'AWS::SSM::ManagedInstance' : 'AWS::EC2::Instance';

  const tags = makeTags(random, nameTag, environment.name, role, application);
  const minutesAgo = Math.max(intBetween(random, 1, CAPTURE_WINDOW_MINUTES), Math.ceil((now - lastPing) / MINUTE));
  return { info, tags, inventoryCaptureTime: context.captureTime(minutesAgo) };
}

function makeComputerName(
  random: RandomSource,
  windows: boolean,
  hybrid: boolean,
  ip: string,
  nameTag: string,
  dnsSuffix: string,
): string {
  if (windows) {
    // EC2 launches Windows as EC2AMAZ-XXXXXXX; on-premises installs keep setup's WIN-XXXXXXXXXXX.
    return hybrid ? `WIN-${upperAlnum(random, 11)}.corp.example.com` : `EC2AMAZ-${upperAlnum(random, 7)}.WORKGROUP`;
  }
  if (hybrid) return `${nameTag}.corp.example.com`;
  return `ip-${ip.replaceAll('.', '-')}.${dnsSuffix}`;
}

// A handful of distinct overviews exist; sharing them keeps a 100,000-node fleet light.
const overviewCache = new Map<string, SimulatedAssociationOverview>();

function overviewFor(outcome: 'Success' | 'Pending' | 'Failed', total: number): SimulatedAssociationOverview {
  const key = `${outcome}/${total}`;
  let overview = overviewCache.get(key);
  if (!overview) {
    const counts: Record<string, number> =
      outcome === 'Success' ? { Success: total } : total === 1 ? { [outcome]: 1 } : { Success: total - 1, [outcome]: 1 };
    overview = Object.freeze({ DetailedStatus: outcome, InstanceAssociationStatusAggregatedCount: Object.freeze(counts) });
    overviewCache.set(key, overview);
  }
  return overview;
}

function addAssociation(random: RandomSource, info: Mutable<SimulatedInstanceInformation>, lastPing: number): void {
  const outcome = pickWeighted(random, ASSOCIATION_OUTCOMES);
  if (outcome === 'none') return;
  const total = intBetween(random, 1, 4);
  const lastRun = lastPing - intBetween(random, 0, 30 * MINUTE);
  const lastSuccess = outcome === 'Success' ? lastRun : lastRun - intBetween(random, 1 * HOUR, 10 * DAY);
  info.AssociationStatus = outcome;
  info.LastAssociationExecutionDate = epochSeconds(lastRun);
  info.LastSuccessfulAssociationExecutionDate = epochSeconds(lastSuccess);
  info.AssociationOverview = overviewFor(outcome, total);
}

// Tags other than Name repeat across the fleet; one frozen object per (key, value) is shared.
const tagCache = new Map<string, Map<string, SimulatedTag>>();

function sharedTag(Key: string, Value: string): SimulatedTag {
  let byValue = tagCache.get(Key);
  if (!byValue) {
    byValue = new Map();
    tagCache.set(Key, byValue);
  }
  let tag = byValue.get(Value);
  if (!tag) {
    tag = Object.freeze({ Key, Value });
    byValue.set(Value, tag);
  }
  return tag;
}

function makeTags(
  random: RandomSource,
  nameTag: string,
  environment: string,
  role: string,
  application: ApplicationSpec,
): SimulatedTag[] {
  if (random() < FEW_TAGS_SHARE) {
    // Hand-built or half-migrated servers: a Name at most.
    return random() < 0.5 ? [{ Key: 'Name', Value: nameTag }] : [];
  }
  const tags: SimulatedTag[] = [
    { Key: 'Name', Value: nameTag },
    sharedTag('Environment', environment),
    sharedTag('Team', application.team),
    sharedTag('Role', role),
    sharedTag('Application', application.name),
  ];
  if (random() < COST_CENTER_SHARE) tags.push(sharedTag('CostCenter', application.costCenter));
  return tags;
}
