import type { InventoryFilters, InventoryNodeMatch } from '../../../../preload/contract/inventory';
import { FleetCompositionCharts } from './charts/fleet-composition-charts';
import { VersionSharePanel } from './charts/version-share-panel';
import type { SoftwareFamily } from './software-family';

interface ChartsViewProps {
  filters: InventoryFilters;
  family: SoftwareFamily;
  onFamilyChange: (family: SoftwareFamily) => void;
  onSelectSlice: (match: InventoryNodeMatch) => void;
  onShowInFleet: (filter: string) => void;
}

/** The charts without a search: a family's version share (its picker in the panel) and the fleet's composition. */
export function ChartsView({ filters, family, onFamilyChange, onSelectSlice, onShowInFleet }: ChartsViewProps) {
  return (
    <div className="inventory-charts" data-testid="inventory-charts">
      <VersionSharePanel filters={filters} family={family} onFamilyChange={onFamilyChange} onSelectSlice={onSelectSlice} />
      <FleetCompositionCharts workspaceIds={filters.workspaceIds} onShowInFleet={onShowInFleet} />
    </div>
  );
}
