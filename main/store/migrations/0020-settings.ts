import type { Migration } from '../migrate';

/** Operator preferences as JSON values under stable keys. */
export const settingsMigration: Migration = {
  version: 20,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `);
  },
};
