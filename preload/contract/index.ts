import { appChannels } from './app';
import { auditChannels } from './audit';
import { commandChannels } from './commands';
import type { EventEntry, InvokeEntry } from './define';
import { fleetChannels } from './fleet';
import { inventoryChannels } from './inventory';
import { licenceChannels } from './licences';
import { runbookChannels } from './runbooks';
import { sessionChannels } from './sessions';
import { workspaceChannels } from './workspaces';

/** Every channel between the renderer and main. Adding one here requires a handler in main. */
export const contract = {
  ...appChannels,
  ...workspaceChannels,
  ...fleetChannels,
  ...sessionChannels,
  ...inventoryChannels,
  ...licenceChannels,
  ...commandChannels,
  ...runbookChannels,
  ...auditChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InvokeChannel = { [C in ChannelName]: Contract[C] extends InvokeEntry ? C : never }[ChannelName];
export type EventChannel = { [C in ChannelName]: Contract[C] extends EventEntry ? C : never }[ChannelName];

export * from './define';
export * from './app';
export * from './workspaces';
export * from './fleet';
export * from './sessions';
export * from './inventory';
export * from './licences';
export * from './commands';
export * from './runbooks';
export * from './audit';
