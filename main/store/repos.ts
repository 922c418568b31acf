import type { Database } from 'better-sqlite3';
import { commandRepo } from '../commands/command-repo';
import { fleetRepo } from '../fleet/fleet-repo';
import { compositionRepo } from '../fleet/fleet-composition';
import { inventoryRepo } from '../inventory/inventory-repo';
import { licenceRepo } from '../licences/licence-repo';
import { sessionRepo } from '../sessions/session-repo';
import { settingsRepo } from './settings-repo';
import { storeInfoRepo } from './store-info-repo';

/** A repo method: synchronous SQL on the worker's connection, one params object in, a cloneable value out. */
// `never` params make every concrete method assignable; callers get the real type through ParamsOf.
export type RepoMethod = (db: Database, params: never) => unknown;

/**
 * Every repo the store worker serves, by name. Only this module (loaded in the worker) imports the
 * repos; the main thread imports its types alone, so no SQL is bundled into the main event loop.
 */
export const repos = {
  commands: commandRepo,
  composition: compositionRepo,
  fleet: fleetRepo,
  inventory: inventoryRepo,
  licences: licenceRepo,
  sessions: sessionRepo,
  settings: settingsRepo,
  store: storeInfoRepo,
} satisfies Record<string, Record<string, RepoMethod>>;

/** The registry's type, for typing Store.run. */
export type Repos = typeof repos;
/** A repo name: 'fleet', 'settings', … */
export type RepoName = keyof Repos;
/** A method of repo R. */
export type MethodName<R extends RepoName> = keyof Repos[R] & string;
/** The params object method M of repo R takes. */
export type ParamsOf<R extends RepoName, M extends MethodName<R>> = Repos[R][M] extends (db: Database, params: infer P) => unknown
  ? P
  : never;
/** What method M of repo R returns. */
export type ResultOf<R extends RepoName, M extends MethodName<R>> = Repos[R][M] extends (db: Database, params: never) => infer T
  ? T
  : never;
