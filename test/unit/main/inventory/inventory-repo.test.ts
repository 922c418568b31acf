import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapEntry, syncedTypeNames } from '../../../../main/inventory/inventory-mapping';
import { inventoryRepo, type NodeInventoryWrite } from '../../../../main/inventory/inventory-repo';
import type { InventoryFilters, InventorySearchGroup } from '../../../../main/inventory/inventory-search';
import { normaliseSoftware } from '../../../../main/inventory/software-normaliser';
import { generateFleet, type SimulatedNode } from '../../../../main/simulator/fleet-generator';
import { INVENTORY_TYPES } from '../../../../main/simulator/inventory-types';
import { migrate } from '../../../../main/store/migrate';
import { migrations } from '../../../../main/store/migrations/index';
import { configure } from '../../../../main/store/open-database';
import { insertNodeSql, row as nodeRow } from '../store/migrations/node-row-fixture';

const ws = 'training';
let dir: string;
let db: Database;
let fleet: SimulatedNode[];
let written: NodeInventoryWrite[];

function toWrite(node: SimulatedNode): NodeInventoryWrite {
  return {
    instanceId: node.InstanceId,
    platformType: node.info.PlatformType,
    captureTime: node.inventoryCaptureTime,
    types: syncedTypeNames.map((typeName) => ({
      typeName,
      captureTime: node.inventoryCaptureTime,
      entries: [...(INVENTORY_TYPES.get(typeName)?.content?.(node) ?? [])],
    })),
  };
}

interface Scanned {
  node: SimulatedNode;
  typeName: string;
  fields: string[];
  name: string;
  version: string;
  publisher: string;
}

/** Every stored row, read straight from the generated data: the brute-force side of each comparison. */
function scan(): Scanned[] {
  const out: Scanned[] = [];
  for (const node of fleet) {
    for (const type of toWrite(node).types) {
      for (const entry of type.entries) {
        const mapped = mapEntry(type.typeName, node.info.PlatformType, entry);
        if (!mapped) continue;
        const { name, version, publisher, detail } = mapped.term;
        out.push({ node, typeName: type.typeName, fields: [name, version, publisher, detail], name, version, publisher });
      }
    }
  }
  return out;
}

let all: Scanned[];

function bruteForce(keyword: string, keep: (node: SimulatedNode) => boolean = () => true): Array<Omit<InventorySearchGroup, 'publisher'>> {
  const words = keyword.trim().split(/\s+/u).filter(Boolean).slice(0, 8).map((w) => w.toLowerCase());
  const groups = new Map<string, { typeName: string; name: string; version: string; nodes: Set<string>; rowCount: number }>();
  for (const row of all) {
    if (!keep(row.node)) continue;
    if (!words.every((w) => row.fields.some((f) => f.toLowerCase().includes(w)))) continue;
    const key = `${row.typeName}\u0000${row.name}\u0000${row.version}`;
    const group = groups.get(key) ?? { typeName: row.typeName, name: row.name, version: row.version, nodes: new Set(), rowCount: 0 };
    group.nodes.add(row.node.InstanceId);
    group.rowCount += 1;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ typeName: g.typeName, name: g.name, version: g.version, nodeCount: g.nodes.size, rowCount: g.rowCount })).sort(byKey);
}

function byKey(a: { typeName: string; name: string; version: string }, b: { typeName: string; name: string; version: string }): number {
  return `${a.typeName}\u0000${a.name}\u0000${a.version}` < `${b.typeName}\u0000${b.name}\u0000${b.version}` ? -1 : 1;
}

function search(keyword: string, filters: Partial<InventoryFilters> = {}): Array<Omit<InventorySearchGroup, 'publisher'>> {
  const result = inventoryRepo.search(db, { workspaceIds: [ws], keyword, limit: 5000, ...filters });
  expect(result.truncated).toBe(false);
  return result.groups.map(({ publisher: _publisher, ...g }) => g).sort(byKey);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-inventory-repo-'));
  db = new Sqlite(join(dir, 'cache.db'));
  configure(db);
  migrate(db, migrations);
  fleet = generateFleet({ nodes: 500, seed: 21, now: Date.UTC(2026, 10, 27) });
  written = fleet.map(toWrite);
  // The fleet grid's view of each node, for the platform, ping and tag filters.
  const insertNode = db.prepare(insertNodeSql.replace(') VALUES (', ', tags_json) VALUES (').replace(/\)$/, ', @tags_json)'));
  for (const node of fleet) {
    insertNode.run({
      ...nodeRow,
      instance_id: node.InstanceId,
      name: node.InstanceId,
      ping_status: node.info.PingStatus,
      platform_type: node.info.PlatformType,
      tags_json: JSON.stringify(node.tags.map((t) => ({ key: t.Key, value: t.Value }))),
    });
  }
  for (let i = 0; i < written.length; i += 100) inventoryRepo.writeNodes(db, { workspaceId: ws, syncedAt: 1000, nodes: written.slice(i, i + 100) });
  all = scan();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory repo search against a brute-force scan of 500 simulated nodes', () => {
  const keywords = [
    'java', 'JAVA', 'Jav', 'openjdk', 'jdk', 'corretto 17', 'temurin', 'oracle', 'ja', 'x', '1.8', '17.0', 'KB5', 'nginx', 'httpd',
    'microsoft', 'postgres', 'amazon-ssm', 'ssm', 'eth', 'Environment', '"java', 'java*', '-java', 'java NEAR jdk', 'Name:java',
    'java OR nginx', 'NOT', '(java)', '^java', '%', '_', "'", 'zz-no-such-package',
  ];
  for (const keyword of keywords) {
    it(`finds exactly what a scan finds for ${JSON.stringify(keyword)}`, () => {
      expect(search(keyword)).toEqual(bruteForce(keyword));
    });
  }

  it('finds something for the everyday keywords, so the comparison above is not vacuous', () => {
    for (const keyword of ['java', 'jdk', 'corretto 17', 'ja', '1.8', 'KB5', 'ssm']) expect(bruteForce(keyword).length, keyword).toBeGreaterThan(0);
  });

  it('orders groups by node count, most widespread first', () => {
    const counts = inventoryRepo.search(db, { workspaceIds: [ws], keyword: 'java', limit: 5000 }).groups.map((g) => g.nodeCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('tells the operator that FTS syntax was read as text, and refuses an empty keyword with a clear message', () => {
    expect(inventoryRepo.search(db, { workspaceIds: [ws], keyword: 'java NEAR "jdk"' }).notice).toMatch(/plain text/);
    expect(inventoryRepo.search(db, { workspaceIds: [ws], keyword: 'openjdk' }).notice).toBeNull();
    expect(() => inventoryRepo.search(db, { workspaceIds: [ws], keyword: '   ' })).toThrow(/Type a word to search for/);
  });

  it('applies platform, ping and tag filters through the fleet table', () => {
    const tag = fleet.flatMap((n) => n.tags).find((t) => t.Key === 'Environment');
    if (!tag) throw new Error('no Environment tag in the fleet');
    const keep = (n: SimulatedNode): boolean =>
      n.info.PlatformType === 'Linux' && n.info.PingStatus === 'Online' && n.tags.some((t) => t.Key === tag.Key && t.Value === tag.Value);
    const filters = { platformTypes: ['Linux'], pingStatuses: ['Online' as const], tag: { key: tag.Key, value: tag.Value } };
    const expected = bruteForce('java', keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(search('java', filters)).toEqual(expected);
    expect(search('KB5', { platformTypes: ['Linux'] })).toEqual([]);
  });

  it('drills down from a group to exactly its nodes', () => {
    const group = inventoryRepo.search(db, { workspaceIds: [ws], keyword: 'java' }).groups[0];
    if (!group) throw new Error('no java group');
    const nodes = inventoryRepo.searchNodes(db, { workspaceIds: [ws], match: { kind: 'term', typeName: group.typeName, name: group.name, version: group.version } });
    const expected = new Set(all.filter((r) => r.typeName === group.typeName && r.name === group.name && r.version === group.version).map((r) => r.node.InstanceId));
    expect(nodes.total).toBe(group.nodeCount);
    expect(new Set(nodes.nodes.map((n) => n.instanceId))).toEqual(expected);
    expect(nodes.nodes[0]).toMatchObject({ workspaceId: ws, versions: [group.version], syncedAt: 1000 });
    // Each node's rows keep the capture time the sync wrote them with.
    const captured = new Map(fleet.map((n) => [n.InstanceId, Date.parse(n.inventoryCaptureTime)]));
    for (const hit of nodes.nodes) expect(hit.captureTime, hit.instanceId).toBe(captured.get(hit.instanceId));
  });

  it('computes the Java version share as the normaliser sees each row, nodes counted once per major', () => {
    const perMajor = new Map<string, Set<string>>();
    const any = new Set<string>();
    for (const r of all) {
      if (r.typeName !== 'AWS:Application') continue;
      const n = normaliseSoftware({ Name: r.name, Publisher: r.publisher, Version: r.version }, r.node.info.PlatformType);
      if (n?.family !== 'Java') continue;
      perMajor.set(n.product, (perMajor.get(n.product) ?? new Set()).add(r.node.InstanceId));
      any.add(r.node.InstanceId);
    }
    const share = inventoryRepo.versionShare(db, { workspaceIds: [ws], family: 'Java' });
    expect(share.nodeCount).toBe(any.size);
    expect(Object.fromEntries(share.slices.map((s) => [s.product, s.nodeCount]))).toEqual(Object.fromEntries([...perMajor].map(([p, s]) => [p, s.size])));
    expect(share.slices.map((s) => s.major)).toEqual(['8', '11', '17', '21']);
    const java8 = inventoryRepo.searchNodes(db, { workspaceIds: [ws], match: { kind: 'family', family: 'Java', major: '8' } });
    expect(new Set(java8.nodes.map((n) => n.instanceId))).toEqual(perMajor.get('Java 8'));
  });
});

describe('inventory repo sync state', () => {
  it('calls a node stale only when its capture time differs or it was never stored', () => {
    const [a, b] = fleet;
    if (!a || !b) throw new Error('fleet too small');
    expect(
      inventoryRepo.staleNodes(db, {
        workspaceId: ws,
        instanceIds: [a.InstanceId, b.InstanceId, 'i-0000000000000unknown'],
        captureTimes: [a.inventoryCaptureTime, '2030-01-01T00:00:00Z', a.inventoryCaptureTime],
      }),
    ).toEqual([b.InstanceId, 'i-0000000000000unknown']);
    expect(inventoryRepo.staleNodes(db, { workspaceId: 'other', instanceIds: [a.InstanceId], captureTimes: [a.inventoryCaptureTime] })).toEqual([a.InstanceId]);
  });

  it('stores malformed entries safely or skips them with a count, and replaces a node on rewrite', () => {
    const long = 'x'.repeat(100_000);
    const result = inventoryRepo.writeNodes(db, {
      workspaceId: 'odd',
      syncedAt: 5,
      nodes: [
        {
          instanceId: 'mi-0123456789abcdef0',
          platformType: 'Windows',
          captureTime: 'not a time',
          types: [
            {
              typeName: 'AWS:Application',
              captureTime: '2026-11-27T01:02:03Z',
              entries: [
                { Name: long, Version: '1' },
                { Name: 'bad\u0000name\ud800', Version: 7, Publisher: { nested: true } },
                { Version: '1.0' },
                null,
                'text',
                [1, 2],
                { Name: '   ' },
              ],
            },
            { typeName: 'AWS:Service', captureTime: null, entries: 'not a list' as unknown as unknown[] },
          ],
        },
      ],
    });
    expect(result).toEqual({ nodes: 1, rows: 2, skipped: 5, ms: expect.any(Number) });
    const hits = inventoryRepo.search(db, { workspaceIds: ['odd'], keyword: 'bad' }).groups;
    expect(hits).toEqual([expect.objectContaining({ name: 'bad name\ufffd', version: '7', publisher: '', nodeCount: 1 })]);
    const longHit = inventoryRepo.search(db, { workspaceIds: ['odd'], keyword: 'xxx' }).groups[0];
    expect(longHit?.name.length).toBe(512);
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'odd' })).toMatchObject({ nodes: 1, rows: 2, oldestCaptureAt: null });

    inventoryRepo.writeNodes(db, {
      workspaceId: 'odd',
      syncedAt: 6,
      nodes: [{ instanceId: 'mi-0123456789abcdef0', platformType: 'Windows', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: null, entries: [{ Name: 'only-one' }] }] }],
    });
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'odd' })).toMatchObject({ nodes: 1, rows: 1 });
    expect(inventoryRepo.search(db, { workspaceIds: ['odd'], keyword: 'bad' }).groups).toEqual([]);
  });

  it('writes a node listed twice in one batch once, as last listed', () => {
    const node = (name: string): NodeInventoryWrite => ({
      instanceId: 'i-0twice',
      platformType: 'Linux',
      captureTime: null,
      types: [{ typeName: 'AWS:Application', captureTime: null, entries: [{ Name: name, Version: '1' }, { Name: `${name}-extra`, Version: '1' }] }],
    });
    const result = inventoryRepo.writeNodes(db, { workspaceId: 'twice', syncedAt: 7, nodes: [node('first-copy'), node('second-copy')] });
    expect(result).toMatchObject({ nodes: 1, rows: 2 });
    expect(inventoryRepo.search(db, { workspaceIds: ['twice'], keyword: 'copy' }).groups.map((g) => g.name)).toEqual(['second-copy', 'second-copy-extra']);
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'twice' })).toMatchObject({ nodes: 1, rows: 2 });
  });

  it('prunes nodes AWS no longer reports, with their rows', () => {
    inventoryRepo.writeNodes(db, { workspaceId: 'prune', syncedAt: 1, nodes: written.slice(0, 3) });
    const keep = written.slice(0, 2).map((n) => n.instanceId);
    expect(inventoryRepo.pruneNodes(db, { workspaceId: 'prune', keepIds: keep })).toEqual({ removed: 1 });
    const status = inventoryRepo.syncStatus(db, { workspaceId: 'prune' });
    expect(status.nodes).toBe(2);
    const expectedRows = written.slice(0, 2).reduce((sum, n) => sum + n.types.reduce((s, t) => s + t.entries.length, 0), 0);
    expect(status.rows).toBe(expectedRows);
  });

  it('records the last sync and its error for the staleness banner', () => {
    inventoryRepo.recordSyncResult(db, { workspaceId: 'banner', finishedAt: 10, error: null });
    const error = { code: 'ThrottlingException', message: 'Rate exceeded', kind: 'aws' as const, retryable: true };
    inventoryRepo.recordSyncResult(db, { workspaceId: 'banner', finishedAt: 20, error });
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'banner' })).toMatchObject({ lastSyncedAt: 10, lastAttemptAt: 20, lastError: error });
  });
});
