import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the built-in runbooks are. Packaged, electron-builder copies resources/runbooks to
 * `<resources>/runbooks` (extraResources; process.resourcesPath, set by Electron only). From
 * source (main/runbooks/) and from the build (out/main/) the repository's resources/ folder is two
 * levels up. The first existing folder wins; when none exists the packaged path is returned so
 * the catalogue reports it missing by that name.
 */
export function builtinRunbooksFolder(moduleDir: string = import.meta.dirname, resourcesPath: string | undefined = electronResourcesPath()): string {
  const candidates = [
    ...(resourcesPath ? [join(resourcesPath, 'runbooks')] : []),
    resolve(moduleDir, '../../resources/runbooks'),
  ];
  return candidates.find((folder) => existsSync(folder)) ?? candidates[0]!;
}

function electronResourcesPath(): string | undefined {
  const value = (process as { resourcesPath?: unknown }).resourcesPath;
  return typeof value === 'string' ? value : undefined;
}

/** The operator's own runbooks, beside the cache in the user-data folder. */
export function userRunbooksFolder(userDataDir: string): string {
  return join(userDataDir, 'runbooks');
}
