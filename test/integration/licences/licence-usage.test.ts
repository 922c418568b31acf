import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenceMatch } from '../../../preload/contract/licences';
import type { NodeUpsert } from '../../../main/fleet/fleet-repo';
import { mapEntry, normaliseTerm, syncedTypeNames } from '../../../main/inventory/inventory-mapping';
import type { NodeInventoryWrite } from '../../../main/inventory/inventory-repo';
import { LicenceFile } from '../../../main/licences/licence-file';
import { LicenceService } from '../../../main/licences/licence-service';
import { createLicenceUsageStore } from '../../../main/licences/licence-store';
import { generateFleet, type SimulatedNode } from '../../../main/simulator/fleet-generator';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';
import { Store } from '../../../main/store/store';

// Usage counts from the real store worker over simulated inventory, checked against a count made
// straight from the generated data with the same mapping and normaliser the sync uses.

let dir: string;
let store: Store;
let service: LicenceService;
let fleet: SimulatedNode[];
/** The second workspace holds the first 40 nodes again: the same instance ids, other nodes. */
const secondCount = 40;

function toWrite(node: SimulatedNode): NodeInventoryWrite {
  return {
    instanceId: node.InstanceId,
    platformType: node.info.PlatformType,
    captureTime: node.inventoryCaptureTime,
    types: syncedTypeNames.map((typeName) => ({ typeName, captureTime: node.inventoryCaptureTime, entries: [...(INVENTORY_TYPES.get(typeName)?.content?.(node) ?? [])] })),
  };
}

function toUpsert(node: SimulatedNode): NodeUpsert {
  return {
    instanceId: node.InstanceId,
    name: `grid-${node.InstanceId}`,
    computerName: '',
    pingStatus: node.info.PingStatus as NodeUpsert['pingStatus'],
    lastPingAt: 1,
    platformType: node.info.PlatformType,
    platformName: '',
    platformVersion: '',
    agentVersion: '3.2.1.0',
    isLatestVersion: true,
    ipAddress: '10.0.0.1',
    resourceType: 'EC2Instance',
    accountId: '123456789012',
    region: 'eu-west-1',
  };
}

const termsOf = new Map<string, ReturnType<typeof normaliseTerm>[]>();

/** A node's AWS:Application rows as the cache normalises them (generated once per node). */
function applicationTerms(node: SimulatedNode): ReturnType<typeof normaliseTerm>[] {
  let terms = termsOf.get(node.InstanceId);
  if (!terms) {
    terms = [];
    for (const entry of INVENTORY_TYPES.get('AWS:Application')?.content?.(node) ?? []) {
      const mapped = mapEntry('AWS:Application', node.info.PlatformType, entry);
      if (mapped) terms.push(normaliseTerm(mapped.term));
    }
    termsOf.set(node.InstanceId, terms);
  }
  return terms;
}

/** Nodes of `nodes` with an application the match counts, read from the generated data. */
function bruteForce(nodes: SimulatedNode[], match: LicenceMatch): Set<string> {
  const hits = new Set<string>();
  for (const node of nodes) {
    for (const term of applicationTerms(node)) {
      const counted =
        match.kind === 'product'
          ? term.product?.toLowerCase() === match.product.toLowerCase()
          : term.name.toLowerCase().includes(match.name.toLowerCase()) && term.publisher.toLowerCase().includes(match.publisher.toLowerCase());
      if (counted) hits.add(node.InstanceId);
    }
  }
  return hits;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-licence-usage-'));
  store = await Store.open({ file: join(dir, 'cache.db') });
  fleet = generateFleet({ nodes: 300, seed: 11, now: Date.UTC(2026, 10, 27) });
  await store.run('fleet', 'upsertNodes', { workspaceId: 'training', generation: 1, seenAt: 1, nodes: fleet.map(toUpsert) });
  await store.run('inventory', 'writeNodes', { workspaceId: 'training', syncedAt: 1000, nodes: fleet.map(toWrite) });
  await store.run('inventory', 'writeNodes', { workspaceId: 'second', syncedAt: 1000, nodes: fleet.slice(0, secondCount).map(toWrite) });
  service = new LicenceService({ file: new LicenceFile(join(dir, 'licences.json')), usage: createLicenceUsageStore(store) });
});

afterAll(async () => {
  await service?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const matches: Array<[string, LicenceMatch]> = [
  ['product Java 8', { kind: 'product', product: 'Java 8' }],
  ['product java 17 (any case)', { kind: 'product', product: 'java 17' }],
  ['product Microsoft SQL Server 2019', { kind: 'product', product: 'Microsoft SQL Server 2019' }],
  ['name "corretto"', { kind: 'name', name: 'corretto', publisher: '' }],
  ['name "Java" by Oracle', { kind: 'name', name: 'Java', publisher: 'oracle' }],
  ['name "nginx"', { kind: 'name', name: 'NGINX', publisher: '' }],
  ['a product nobody has', { kind: 'product', product: 'Java 99' }],
  ['name with LIKE wildcards taken as text', { kind: 'name', name: '%_%', publisher: '' }],
];

describe('licence usage over the inventory cache', () => {
  it.each(matches)('counts the nodes a scan of the generated data finds for %s', async (_name, match) => {
    const [used] = await store.run('licences', 'usage', { workspaceIds: ['training'], matches: [match] });
    expect(used).toBe(bruteForce(fleet, match).size);
  });

  it('finds real use for the everyday matches, so the comparison is not vacuous', () => {
    for (const [name, match] of matches.slice(0, 6)) expect(bruteForce(fleet, match).size, name).toBeGreaterThan(0);
  });

  it('answers many licences in one call, in order, the same match counted alike', async () => {
    const java8: LicenceMatch = { kind: 'product', product: 'Java 8' };
    const corretto: LicenceMatch = { kind: 'name', name: 'Corretto', publisher: '' };
    const counts = await store.run('licences', 'usage', { workspaceIds: ['training'], matches: [java8, corretto, { ...java8, product: 'JAVA 8' }, corretto] });
    const expected = [bruteForce(fleet, java8).size, bruteForce(fleet, corretto).size];
    expect(counts).toEqual([expected[0], expected[1], expected[0], expected[1]]);
  });

  it('refuses a name match shorter than 3 characters instead of counting nearly every node', async () => {
    const everything: LicenceMatch = { kind: 'name', name: 'a', publisher: '' };
    await expect(store.run('licences', 'usage', { workspaceIds: ['training'], matches: [everything] })).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/at least 3 characters/),
    });
  });

  it('counts each chosen workspace, and only those', async () => {
    const match: LicenceMatch = { kind: 'product', product: 'Java 8' };
    const [both] = await store.run('licences', 'usage', { workspaceIds: ['training', 'second'], matches: [match] });
    const [second] = await store.run('licences', 'usage', { workspaceIds: ['second'], matches: [match] });
    expect(second).toBe(bruteForce(fleet.slice(0, secondCount), match).size);
    expect(both).toBe(bruteForce(fleet, match).size + (second ?? 0));
  });

  it('lists the nodes behind a count, paged, with the grid name, ping and the matching versions', async () => {
    const match: LicenceMatch = { kind: 'product', product: 'Java 8' };
    const expected = [...bruteForce(fleet, match)].sort();
    const first = await store.run('licences', 'nodes', { workspaceIds: ['training'], match, limit: 10, offset: 0 });
    const rest = await store.run('licences', 'nodes', { workspaceIds: ['training'], match, limit: 1000, offset: 10 });
    expect(first.total).toBe(expected.length);
    expect([...first.nodes, ...rest.nodes].map((n) => n.instanceId)).toEqual(expected);
    const hit = first.nodes[0];
    const node = fleet.find((n) => n.InstanceId === hit?.instanceId);
    expect(hit).toMatchObject({ workspaceId: 'training', name: `grid-${node?.InstanceId}`, pingStatus: node?.info.PingStatus, platformType: node?.info.PlatformType });
    expect(hit?.versions.length).toBeGreaterThan(0);
  });

  it('lists the products in the cache for the picker, Java 8 before Java 11, with node counts', async () => {
    const products = await store.run('licences', 'products', { workspaceIds: ['training'] });
    const java = products.filter((p) => p.family === 'Java').map((p) => p.product);
    expect(java.indexOf('Java 8')).toBeLessThan(java.indexOf('Java 11'));
    expect(products.find((p) => p.product === 'Java 8')?.nodeCount).toBe(bruteForce(fleet, { kind: 'product', product: 'Java 8' }).size);
  });
});

describe('licence service over the real store and file', () => {
  it('shows over-use and spare licences, keeps them across a restart, and imports a CSV around a bad row', async () => {
    const java8Used = bruteForce(fleet, { kind: 'product', product: 'Java 8' }).size;
    const saved = await service.save(undefined, { product: 'Java 8', owned: 5, match: { kind: 'product', product: 'Java 8' }, note: '' });
    await expect(service.save(undefined, { product: 'JAVA 8', owned: 1, match: { kind: 'product', product: 'Java 8' }, note: '' })).rejects.toMatchObject({
      code: 'LicenceProductTaken',
    });
    const result = await service.importCsv('product,owned,match_kind,match\nJava 8,900\nCorretto,10,name,corretto\nBroken,-1\n');
    expect(result).toEqual({ status: 'imported', rows: 3, created: 1, updated: 1, rejected: [expect.objectContaining({ line: 4, code: 'owned-negative' })] });

    const restarted = new LicenceService({ file: new LicenceFile(join(dir, 'licences.json')), usage: createLicenceUsageStore(store) });
    const list = await restarted.list(['training']);
    expect(list.recovery).toBeNull();
    const java8 = list.licences.find((l) => l.product === 'Java 8');
    expect(java8).toMatchObject({ id: saved.id, owned: 900, used: java8Used, difference: 900 - java8Used });
    const corretto = list.licences.find((l) => l.product === 'Corretto');
    const correttoUsed = bruteForce(fleet, { kind: 'name', name: 'corretto', publisher: '' }).size;
    expect(corretto).toMatchObject({ owned: 10, used: correttoUsed, difference: 10 - correttoUsed });
    expect(correttoUsed).toBeGreaterThan(10);

    const page = await restarted.nodes({ id: saved.id, workspaceIds: ['training'], limit: 5 });
    expect(page.total).toBe(java8Used);
    expect(await restarted.delete(saved.id)).toEqual({ deleted: true });
    await expect(restarted.nodes({ id: saved.id, workspaceIds: ['training'] })).rejects.toMatchObject({ kind: 'not-found' });
    await restarted.close();
  });
});
