import type { Migration } from '../migrate';
import { fleetNodesMigration } from './0010-fleet-nodes';
import { settingsMigration } from './0020-settings';
import { fleetLeanIndexesMigration } from './0030-fleet-lean-indexes';
import { sessionRecordsMigration } from './0040-session-records';
import { inventoryMigration } from './0050-inventory';
import { inventoryPostingsMigration } from './0060-inventory-postings';
import { commandJobsMigration } from './0070-command-jobs';
import { inventoryEntriesDeflatedMigration } from './0080-inventory-entries-deflated';
import { inventoryLeanPostingsMigration } from './0090-inventory-lean-postings';

/** Every migration, oldest first. A new step goes at the end with the next multiple of ten. */
export const migrations: readonly Migration[] = [fleetNodesMigration, settingsMigration, fleetLeanIndexesMigration, sessionRecordsMigration, inventoryMigration, inventoryPostingsMigration, commandJobsMigration, inventoryEntriesDeflatedMigration, inventoryLeanPostingsMigration];
