import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../../../../main/simulator/fleet-generator';
import type { SimulatedNode } from '../../../../../main/simulator/fleet-generator';
import { INVENTORY_TYPES } from '../../../../../main/simulator/inventory-types';
import type { InventoryRow } from '../../../../../main/simulator/inventory-types';
import { inventoryProfile } from '../../../../../main/simulator/inventory/inventory-profile';

const NOW = Date.UTC(2026, 2, 1, 9, 0, 0);
const fleet = generateFleet({ nodes: 1500, seed: 11, now: NOW });
const rowsOf = (type: string, node: SimulatedNode): ReadonlyArray<InventoryRow> | undefined => INVENTORY_TYPES.get(type)?.content?.(node);
const apps = (node: SimulatedNode): ReadonlyArray<InventoryRow> => rowsOf('AWS:Application', node) ?? [];
const byPlatform = (test: (n: SimulatedNode) => boolean): SimulatedNode[] => fleet.filter((n) => test(n) && inventoryProfile(n).hasInventory);
const rpmNodes = byPlatform((n) => /Amazon Linux|Red Hat|SLES/.test(n.info.PlatformName));
const debNodes = byPlatform((n) => /Ubuntu|Debian/.test(n.info.PlatformName));
const windowsNodes = byPlatform((n) => n.info.PlatformType === 'Windows');
const ISO = /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
// Packages installed through Distributor come as an extra row of their own shape (§2.11).
const packaged = (rows: ReadonlyArray<InventoryRow>): InventoryRow[] => rows.filter((r) => r.Name !== 'AmazonCloudWatchAgent');

describe('AWS:Application in the training fleet', () => {
  it('is the same for the same seed and differs between seeds', () => {
    const again = generateFleet({ nodes: 1500, seed: 11, now: NOW });
    const other = generateFleet({ nodes: 1500, seed: 12, now: NOW });
    for (const i of [0, 7, 500, 1499]) {
      const [a, b, c] = [fleet[i], again[i], other[i]];
      if (!a || !b || !c) throw new Error('fleet too small');
      expect(JSON.stringify(apps(b))).toBe(JSON.stringify(apps(a)));
      expect(JSON.stringify(apps(c))).not.toBe(JSON.stringify(apps(a)));
    }
  });

  it('leaves a few nodes without collected inventory, and gives the others a full Linux package list or a Windows Programs and Features list', () => {
    const missing = fleet.filter((n) => rowsOf('AWS:Application', n) === undefined).length;
    expect(missing / fleet.length).toBeGreaterThan(0.02);
    expect(missing / fleet.length).toBeLessThan(0.07);
    for (const node of fleet.filter((n) => rowsOf('AWS:Application', n) === undefined)) {
      expect(rowsOf('AWS:Network', node)).toBeUndefined();
      expect(rowsOf('AWS:InstanceInformation', node)).toHaveLength(1);
    }
    for (const node of rpmNodes.concat(debNodes)) expect(apps(node).length).toBeGreaterThan(150);
    for (const node of windowsNodes) expect(apps(node).length).toBeGreaterThan(5);
  });

  it('follows the rpm collector: split Epoch/Release, InstalledTime to the second, gpg-pubkey, one PackageId per build', () => {
    let sharedBuilds = 0;
    for (const node of rpmNodes.slice(0, 200)) {
      const rows = apps(node);
      const bad = packaged(rows).filter(
        (r) => !ISO.test(r.InstalledTime ?? '') || r.Release === undefined || !/\.src\.rpm$/.test(r.PackageId ?? '') || /^\d+:/.test(r.Version ?? '') || (r.Epoch !== undefined && !/^\d+$/.test(r.Epoch)),
      );
      expect(bad).toEqual([]);
      expect(rows.some((r) => r.Name === 'gpg-pubkey' && r.Publisher === '(none)' && r.ApplicationType === 'Public Keys')).toBe(true);
      const devel = rows.find((r) => /^java-.*-devel$/.test(r.Name ?? ''));
      if (devel && rows.some((r) => r !== devel && r.PackageId === devel.PackageId)) sharedBuilds++;
    }
    expect(sharedBuilds).toBeGreaterThan(5);
  });

  it('follows the dpkg collector: no InstalledTime, epoch inside Version, amd64 reported as x86_64, the agent as a snap on Ubuntu', () => {
    let epochInVersion = 0;
    for (const node of debNodes.slice(0, 200)) {
      const rows = apps(node);
      expect(packaged(rows).filter((r) => r.InstalledTime !== undefined || r.Architecture === 'amd64')).toEqual([]);
      epochInVersion += rows.filter((r) => /^\d+:/.test(r.Version ?? '')).length;
      if (node.info.PlatformName === 'Ubuntu') {
        expect(rows.find((r) => r.Name === 'amazon-ssm-agent')).toEqual({
          Name: 'amazon-ssm-agent',
          Publisher: 'aws**',
          Version: node.info.AgentVersion,
          ApplicationType: 'admin',
          Architecture: '',
        });
      }
    }
    expect(epochInVersion).toBeGreaterThan(0);
  });

  it('follows the Windows registry collector: midnight InstalledTime, i386 bundles, no rpm/dpkg attributes, the agent at the node’s version', () => {
    for (const node of windowsNodes.slice(0, 200)) {
      const rows = apps(node);
      const bad = rows.filter(
        (r) =>
          (r.InstalledTime !== undefined && !r.InstalledTime.endsWith('T00:00:00Z')) ||
          (r.Architecture !== 'x86_64' && r.Architecture !== 'i386') ||
          ['ApplicationType', 'URL', 'Summary', 'Release', 'Epoch'].some((k) => r[k] !== undefined),
      );
      expect(bad).toEqual([]);
      expect(rows.find((r) => r.Name === 'Amazon SSM Agent')).toMatchObject({ Version: node.info.AgentVersion, Architecture: 'i386' });
    }
  });

  it('stays inside the API limits: ≤10,000 entries, ≤50 attributes, keys 1–64 and values ≤4,096 characters', () => {
    const violations: string[] = [];
    for (const node of fleet) {
      for (const type of ['AWS:Application', 'AWS:Network', 'AWS:Service', 'AWS:WindowsUpdate', 'AWS:File', 'AWS:AWSComponent']) {
        const rows = rowsOf(type, node) ?? [];
        const attributes = new Set(INVENTORY_TYPES.get(type)?.attributes);
        if (rows.length > 10_000) violations.push(`${node.InstanceId} ${type}: ${rows.length} entries`);
        for (const row of rows) {
          const keys = Object.keys(row);
          if (keys.length > 50) violations.push(`${type}: ${keys.length} attributes`);
          for (const key of keys) {
            const value = row[key];
            if (!attributes.has(key) || key.length > 64) violations.push(`${type}: attribute ${key}`);
            if (typeof value !== 'string' || value.length > 4096) violations.push(`${type}.${key}: ${String(value).length} chars`);
          }
        }
      }
    }
    expect(violations.slice(0, 10)).toEqual([]);
  });

  it('includes odd data a console must survive: long names, non-ASCII names, a product without version', () => {
    const names = fleet.flatMap((n) => apps(n).map((r) => r.Name ?? ''));
    expect(names.some((n) => n.length === 4096)).toBe(true);
    expect(names.some((n) => /[^\u0020-\u007e]/.test(n))).toBe(true);
    expect(windowsNodes.flatMap(apps).some((r) => r.Name === 'Microsoft SQL Server 2019 (64-bit)' && r.Version === '' && r.Publisher === '')).toBe(true);
  });

  it('reports capture times that differ between nodes and are never in the future', () => {
    const times = new Set(fleet.map((n) => n.inventoryCaptureTime));
    expect(times.size).toBeGreaterThan(fleet.length / 10);
    for (const node of fleet.slice(0, 300)) {
      const capture = Date.parse(node.inventoryCaptureTime);
      expect(apps(node).filter((r) => r.InstalledTime !== undefined && Date.parse(r.InstalledTime) > capture)).toEqual([]);
    }
  });
});

describe('the other collected types', () => {
  it('collects services and Windows updates only on Windows, with PowerShell’s date text', () => {
    for (const node of rpmNodes.concat(debNodes).slice(0, 100)) {
      expect(rowsOf('AWS:Service', node)).toBeUndefined();
      expect(rowsOf('AWS:WindowsUpdate', node)).toBeUndefined();
    }
    for (const node of windowsNodes.slice(0, 100)) {
      expect(rowsOf('AWS:Service', node)?.some((s) => s.Name === 'AmazonSSMAgent' && s.Status === 'Running')).toBe(true);
      const updates = rowsOf('AWS:WindowsUpdate', node) ?? [];
      expect(updates.some((u) => /^KB\d{7}$/.test(u.HotFixId ?? '') && u.Description === 'Security Update')).toBe(true);
      for (const u of updates) expect(u.InstalledTime).toMatch(/^$|^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, 20\d\d 12:00:00 AM$/);
    }
  });

  it('reports the node’s own address in AWS:Network', () => {
    for (const node of byPlatform(() => true).slice(0, 100)) {
      const [nic] = rowsOf('AWS:Network', node) ?? [];
      expect(nic?.IPV4).toBe(node.info.IPAddress);
      expect(nic?.MacAddress).toMatch(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/);
    }
  });

  it('finds java binaries and log4j-core jars through AWS:File, including some vulnerable log4j', () => {
    const files = fleet.flatMap((n) => rowsOf('AWS:File', n) ?? []);
    expect(files.some((f) => f.Name === 'java.exe' && f.CompanyName !== undefined)).toBe(true);
    expect(files.some((f) => f.Name === 'java' && f.InstalledDir?.startsWith('/usr/lib'))).toBe(true);
    expect(files.some((f) => f.Name === 'log4j-core-2.14.1.jar')).toBe(true);
  });
});
