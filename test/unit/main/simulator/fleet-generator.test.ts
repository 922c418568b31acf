import { describe, expect, it } from 'vitest';
import { LATEST_AGENT_VERSION } from '../../../../main/simulator/fleet-catalog';
import { MAX_FLEET_SIZE, generateFleet } from '../../../../main/simulator/fleet-generator';
import type { SimulatedNode } from '../../../../main/simulator/fleet-generator';

const NOW = Date.UTC(2026, 10, 20, 10, 0, 0);
const plain = (nodes: ReadonlyArray<SimulatedNode>): unknown => JSON.parse(JSON.stringify(nodes));
const share = (nodes: ReadonlyArray<SimulatedNode>, test: (n: SimulatedNode) => boolean): number =>
  nodes.filter(test).length / nodes.length;

describe('generateFleet', () => {
  it('is deterministic: same options, same nodes; another seed, another fleet', () => {
    const a = generateFleet({ nodes: 500, seed: 42, now: NOW });
    const b = generateFleet({ nodes: 500, seed: 42, now: NOW });
    const c = generateFleet({ nodes: 500, seed: 43, now: NOW });
    expect(plain(a)).toEqual(plain(b));
    expect(c.map((n) => n.InstanceId)).not.toEqual(a.map((n) => n.InstanceId));
  });

  it('derives node i from (seed, i) alone, whatever the fleet size', () => {
    const small = generateFleet({ nodes: 20, seed: 9, now: NOW });
    const large = generateFleet({ nodes: 5000, seed: 9, now: NOW });
    expect(plain(small)).toEqual(plain(large.slice(0, 20)));
  });

  it('generates 100,000 nodes with unique, well-formed ids', () => {
    const fleet = generateFleet({ nodes: MAX_FLEET_SIZE, seed: 3, now: NOW });
    expect(fleet).toHaveLength(100_000);
    const ids = fleet.map((n) => n.InstanceId);
    expect(new Set(ids).size).toBe(100_000);
    expect(ids.filter((id) => !/^(i|mi)-[0-9a-f]{17}$/.test(id))).toEqual([]);
  });

  it('reports the same InstanceId before and after a node is materialised', () => {
    const fleet = generateFleet({ nodes: 200, seed: 5, now: NOW });
    const early = fleet.map((n) => n.InstanceId);
    expect(fleet.map((n) => n.info.InstanceId)).toEqual(early);
    expect(fleet.map((n) => n.InstanceId)).toEqual(early);
  });

  it('refuses sizes outside 10..100,000', () => {
    expect(() => generateFleet({ nodes: 9 })).toThrow(RangeError);
    expect(() => generateFleet({ nodes: 100_001 })).toThrow(RangeError);
    expect(() => generateFleet({ nodes: 10.5 })).toThrow(RangeError);
  });

  it('mixes platforms, node kinds, health and tagging in realistic shares', () => {
    const fleet = generateFleet({ nodes: 20_000, seed: 11, now: NOW });
    expect(share(fleet, (n) => n.info.PlatformType === 'Windows')).toBeCloseTo(0.35, 1);
    expect(share(fleet, (n) => n.info.ResourceType === 'ManagedInstance')).toBeCloseTo(0.25, 1);
    expect(share(fleet, (n) => n.info.PingStatus === 'ConnectionLost')).toBeGreaterThan(0.055);
    expect(share(fleet, (n) => n.info.PingStatus === 'ConnectionLost')).toBeLessThan(0.085);
    expect(share(fleet, (n) => n.info.PingStatus === 'Inactive')).toBeGreaterThan(0.012);
    expect(share(fleet, (n) => n.info.PingStatus === 'Inactive')).toBeLessThan(0.03);
    expect(share(fleet, (n) => n.tags.length <= 1)).toBeGreaterThan(0.02);
    expect(share(fleet, (n) => n.tags.length <= 1)).toBeLessThan(0.04);
    expect(share(fleet, (n) => n.info.IsLatestVersion)).toBeGreaterThan(0.4);
    expect(share(fleet, (n) => n.info.IsLatestVersion)).toBeLessThan(0.65);

    const platforms = new Set(fleet.map((n) => `${n.info.PlatformName} ${n.info.PlatformVersion}`));
    for (const expected of [
      'Amazon Linux 2023',
      'Ubuntu 22.04',
      'Ubuntu 24.04',
      'Debian GNU/Linux 12',
      'Microsoft Windows Server 2019 Datacenter 10.0.17763',
      'Microsoft Windows Server 2022 Datacenter 10.0.20348',
    ]) {
      expect(platforms).toContain(expected);
    }
    expect([...platforms].some((p) => /^Red Hat Enterprise Linux 8\./.test(p))).toBe(true);
    expect([...platforms].some((p) => /^Red Hat Enterprise Linux 9\./.test(p))).toBe(true);
    expect([...platforms].some((p) => /^SLES 15\./.test(p))).toBe(true);
  });

  it('fills the InstanceInformation members each kind of node has on AWS', () => {
    const fleet = generateFleet({ nodes: 1500, seed: 2, region: 'eu-west-1', now: NOW });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const { info, InstanceId } of fleet) {
      expect(info.InstanceId).toBe(InstanceId);
      expect(info.SourceId).toBe(InstanceId);
      expect(info.AgentVersion).toMatch(/^[0-9]{1,6}(\.[0-9]{1,6}){2,3}$/);
      expect(info.IsLatestVersion).toBe(info.AgentVersion === LATEST_AGENT_VERSION);
      expect(info.LastPingDateTime).toBeLessThanOrEqual(NOW / 1000);
      expect(info.IPAddress).toMatch(/^(10|172|192)\.\d+\.\d+\.\d+$/);
      expect(info.ComputerName.length).toBeGreaterThan(0);
      if (info.ResourceType === 'ManagedInstance') {
        expect(InstanceId).toMatch(/^mi-/);
        expect(info.SourceType).toBe('AWS::SSM::ManagedInstance');
        expect(info.ActivationId).toMatch(uuid);
        expect(info.IamRole?.length).toBeGreaterThan(0);
        expect(info.Name?.length).toBeGreaterThan(0);
        expect(info.RegistrationDate).toBeLessThan(info.LastPingDateTime);
      } else {
        expect(InstanceId).toMatch(/^i-/);
        expect(info.SourceType).toBe('AWS::EC2::Instance');
        expect(info).not.toHaveProperty('ActivationId');
        expect(info).not.toHaveProperty('Name');
        expect(info).not.toHaveProperty('RegistrationDate');
        if (info.PlatformType === 'Linux') {
          expect(info.ComputerName).toBe(`ip-${info.IPAddress.replaceAll('.', '-')}.eu-west-1.compute.internal`);
        } else {
          expect(info.ComputerName).toMatch(/^EC2AMAZ-[A-Z0-9]{7}\.WORKGROUP$/);
        }
      }
      if (info.PingStatus === 'Online') expect(info.LastPingDateTime).toBeGreaterThan(NOW / 1000 - 301);
      else expect(info.LastPingDateTime).toBeLessThan(NOW / 1000 - 60);
      if (info.AssociationStatus) {
        expect(info.AssociationOverview?.DetailedStatus).toBe(info.AssociationStatus);
        expect(info.LastSuccessfulAssociationExecutionDate).toBeLessThanOrEqual(info.LastAssociationExecutionDate ?? 0);
      }
    }
  });

  it('tags nodes with Name, Environment, Team, Role, Application and sometimes CostCenter', () => {
    const fleet = generateFleet({ nodes: 2000, seed: 4, region: 'eu-west-1', now: NOW });
    const tagged = fleet.filter((n) => n.tags.length > 1);
    for (const node of tagged) {
      const tags = Object.fromEntries(node.tags.map((t) => [t.Key, t.Value]));
      expect(Object.keys(tags).slice(0, 5)).toEqual(['Name', 'Environment', 'Team', 'Role', 'Application']);
      expect(['prod', 'staging', 'dev', 'test']).toContain(tags.Environment);
      expect(['web', 'db', 'batch', 'cache', 'jump', 'app']).toContain(tags.Role);
      const site = node.info.ResourceType === 'EC2Instance' ? 'euw1' : '(dc1|dc2|lon1)';
      const sequence = String(node.index + 1).padStart(3, '0');
      expect(tags.Name).toMatch(new RegExp(`^${tags.Role}-${tags.Environment}-${site}-${sequence}$`));
    }
    const withCostCenter = share(tagged, (n) => n.tags.some((t) => t.Key === 'CostCenter'));
    expect(withCostCenter).toBeGreaterThan(0.5);
    expect(withCostCenter).toBeLessThan(0.7);
  });

  it('stamps inventory capture times in the only form the API allows, never after now', () => {
    const fleet = generateFleet({ nodes: 500, seed: 8, now: NOW });
    for (const node of fleet) {
      expect(node.inventoryCaptureTime).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Date.parse(node.inventoryCaptureTime)).toBeLessThanOrEqual(NOW);
    }
  });
});
