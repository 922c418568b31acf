import type { Migration } from '../migrate';

/** Managed nodes per workspace, their sync bookkeeping, and one index per grid sort column. */
export const fleetNodesMigration: Migration = {
  version: 10,
  name: 'fleet-nodes',
  up(db) {
    // agent_version_sort and ip_sort hold zero-padded keys so 3.10 sorts after 3.9 and
    // 10.0.0.10 after 10.0.0.9; every sort index ends with instance_id, the stable tiebreak.
    // The grid shows present nodes (vanished_at IS NULL), so its indexes start with
    // (workspace_id, vanished_at): present nodes of a workspace are one range that a query reads
    // from the index alone. (Partial indexes would not do: SQLite still reads the table row to
    // test vanished_at.) nodes_by_name, the default sort, also carries every column the quick
    // filter reads, so it is the filter's index too and a filtered count never reads the table.
    db.exec(`
      CREATE TABLE nodes (
        workspace_id       TEXT    NOT NULL,
        instance_id        TEXT    NOT NULL,
        name               TEXT    NOT NULL,
        computer_name      TEXT    NOT NULL,
        ping_status        TEXT    NOT NULL CHECK (ping_status IN ('Online', 'ConnectionLost', 'Inactive')),
        last_ping_at       INTEGER,
        platform_type      TEXT    NOT NULL,
        platform_name      TEXT    NOT NULL,
        platform_version   TEXT    NOT NULL,
        agent_version      TEXT    NOT NULL,
        agent_version_sort TEXT    NOT NULL,
        is_latest_version  INTEGER CHECK (is_latest_version IN (0, 1)),
        ip_address         TEXT    NOT NULL,
        ip_sort            TEXT    NOT NULL,
        resource_type      TEXT    NOT NULL,
        account_id         TEXT    NOT NULL,
        region             TEXT    NOT NULL,
        tags_json          TEXT    NOT NULL DEFAULT '[]',
        search_text        TEXT    NOT NULL,
        first_seen_at      INTEGER NOT NULL,
        last_seen_at       INTEGER NOT NULL,
        sync_generation    INTEGER NOT NULL,
        vanished_at        INTEGER,
        tags_fetched_at    INTEGER,
        PRIMARY KEY (workspace_id, instance_id)
      );
      CREATE INDEX nodes_by_id       ON nodes (workspace_id, vanished_at, instance_id);
      CREATE INDEX nodes_by_name     ON nodes (workspace_id, vanished_at, name COLLATE NOCASE, instance_id,
                                               ping_status, platform_type, search_text);
      CREATE INDEX nodes_by_ping     ON nodes (workspace_id, vanished_at, ping_status, instance_id);
      CREATE INDEX nodes_by_platform ON nodes (workspace_id, vanished_at, platform_name COLLATE NOCASE, instance_id);
      CREATE INDEX nodes_by_agent    ON nodes (workspace_id, vanished_at, agent_version_sort, instance_id);
      CREATE INDEX nodes_by_ip       ON nodes (workspace_id, vanished_at, ip_sort, instance_id);
      CREATE INDEX nodes_by_location ON nodes (workspace_id, vanished_at, account_id, region, instance_id);
      CREATE INDEX nodes_by_last_ping ON nodes (workspace_id, vanished_at, last_ping_at, instance_id);

      CREATE TABLE fleet_sync (
        workspace_id    TEXT    PRIMARY KEY,
        last_synced_at  INTEGER,
        last_generation INTEGER NOT NULL DEFAULT 0,
        last_error_json TEXT
      );
    `);
  },
};
