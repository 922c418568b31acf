import { memo } from 'react';
import type { FleetNode, PingStatus } from '../../../../preload/contract/fleet';
import { formatRelativeTime } from '../../lib/format';
import { CELL_PADDING_PX, OS_MARK_PX, PING_MARK_PX, cellClass, cellTextWidth, widthOf } from './cell-fit';
import { fleetColumns } from './fleet-columns';
import type { FleetColumnId } from './fleet-columns';
import { layoutTagChips, orderTags, tagLabel } from './tag-chips';

const PING_CLASS: Record<PingStatus, string> = {
  Online: 'ping--online',
  ConnectionLost: 'ping--lost',
  Inactive: 'ping--inactive',
};

/**
 * Strings every row needs, translated once per language by the grid. Rows call no `t()` of their
 * own: at 40 rows a repaint, per-row translation was a measurable part of the 50 ms budget.
 */
export interface RowLabels {
  lng: string;
  ping: Record<PingStatus, string>;
  noName: string;
  agentOutdated: string;
  agentOutdatedTitle: string;
  moreTags: (count: number) => string;
  /** Readable names of the accounts the workspace list knows (training accounts, SSO account names). */
  accountNames: ReadonlyMap<string, string>;
}

/** The account by name when the workspace list knows one (its id on hover), else its id in monospace. */
function AccountCell({ accountId, name, width }: { accountId: string; name: string | undefined; width: number }) {
  return name ? (
    <div role="gridcell" className={cellClass('cell', cellTextWidth(name, 'ui'), width)} title={accountId} data-account-id={accountId}>
      {name}
    </div>
  ) : (
    <div role="gridcell" className={cellClass('cell mono', cellTextWidth(accountId || '—', 'mono'), width)} data-account-id={accountId}>
      {accountId || '—'}
    </div>
  );
}

interface RowProps {
  node: FleetNode;
  index: number;
  start: number;
  active: boolean;
  /** Column widths in px (Tags: see tagsWidth); a cell clips only when its text is wider. */
  widths: Readonly<Record<FleetColumnId, number>>;
  tagsWidth: number;
  now: number;
  labels: RowLabels;
}

/** One loaded grid row. Memoised: a repaint re-renders only rows whose node or state changed. */
export const FleetRow = memo(function FleetRow({ node, index, start, active, widths, tagsWidth, now, labels }: RowProps) {
  const platform = node.platformVersion ? `${node.platformName} ${node.platformVersion}` : node.platformName;
  // "Microsoft Windows Server 2022 Datacenter" loses its vendor in the cell; the title keeps it.
  const platformText = platform.replace(/^Microsoft /, '') || node.platformType;
  const lastPing = node.lastPingAt ? formatRelativeTime(node.lastPingAt, now, labels.lng, 'narrow') : '—';
  const ping = labels.ping[node.pingStatus];
  const outdated = node.isLatestVersion === false;
  // layoutTagChips orders the tags itself; the full list is spelled out only for a "+N" title.
  const chips = layoutTagChips(node.tags, tagsWidth - CELL_PADDING_PX);
  const os = node.platformType.toLowerCase();

  return (
    <div
      role="row"
      id={`fleet-row-${index}`}
      className={`fleet-row${active ? ' is-active' : ''}${index % 2 === 1 ? ' is-odd' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      data-testid="fleet-row"
      data-instance-id={node.instanceId}
    >
      <div
        role="gridcell"
        className={cellClass('cell', cellTextWidth(node.name || node.computerName || labels.noName, 'ui'), widths.name)}
        title={node.computerName && node.computerName !== node.name ? node.computerName : undefined}>
        {/* EC2 names come from the Name tag via inventory and may be missing: the host name is the next best thing. */}
        {node.name || <span className="muted">{node.computerName || labels.noName}</span>}
      </div>
      <div
        role="gridcell"
        className={cellClass('cell mono selectable', cellTextWidth(node.instanceId, 'mono'), widths.instanceId)}
        data-resource-type={node.resourceType}>
        {node.instanceId}
      </div>
      {/* The status is the cell itself, not a span in it: one element less in each of ~40 rows a keystroke re-creates. */}
      <div
        role="gridcell"
        className={cellClass(
          `cell ping ${PING_CLASS[node.pingStatus]}`,
          widthOf(PING_MARK_PX, cellTextWidth(ping, node.pingStatus === 'ConnectionLost' ? 'uiMedium' : 'ui')),
          widths.ping,
        )}>
        {ping}
      </div>
      {/* The exact time goes into `title` on hover (see FleetGrid): formatting it for every row on every repaint is wasted work. */}
      <div role="gridcell" className={cellClass('cell num muted', cellTextWidth(lastPing, 'uiTabular'), widths.lastPing)} data-ts={node.lastPingAt ?? undefined}>
        {lastPing}
      </div>
      <div role="gridcell" className={cellClass(`cell os os--${os}`, widthOf(OS_MARK_PX, cellTextWidth(platformText, 'ui')), widths.platform)} title={platform}>
        {platformText}
      </div>
      <div
        role="gridcell"
        className={cellClass(
          'cell mono',
          widthOf(cellTextWidth(node.agentVersion, 'mono'), outdated ? cellTextWidth(labels.agentOutdated, 'badge') : 0),
          widths.agent,
        )}>
        {node.agentVersion}
        {outdated ? (
          <span className="badge badge--warn" title={labels.agentOutdatedTitle}>
            {labels.agentOutdated}
          </span>
        ) : null}
      </div>
      <div role="gridcell" className={cellClass('cell mono selectable', cellTextWidth(node.ipAddress || '—', 'mono'), widths.ip)}>
        {node.ipAddress || '—'}
      </div>
      <AccountCell accountId={node.accountId} name={labels.accountNames.get(node.accountId)} width={widths.account} />
      <div role="gridcell" className={cellClass('cell', cellTextWidth(node.region, 'ui'), widths.region)}>
        {node.region}
      </div>
      {/* Chips shrink with an ellipsis of their own when the column is narrow: this cell always clips. */}
      <div role="gridcell" className="cell cell--tags is-clipped" title={chips.hidden > 0 ? orderTags(node.tags).map(tagLabel).join('\n') : undefined}>
        {/* Keyed by place, not label: when a keystroke brings other nodes into a row, its chips' text is
            updated in place instead of every chip element being removed and created again. */}
        {chips.shown.map((label, i) => (
          <span key={i} className="chip">
            {label}
          </span>
        ))}
        {chips.hidden > 0 ? (
          <span className="chip chip--more" aria-label={labels.moreTags(chips.hidden)}>
            +{chips.hidden}
          </span>
        ) : null}
      </div>
    </div>
  );
});

/** A row whose window is still loading: grey bars with the row's real height, never a spinner. */
export const SkeletonRow = memo(function SkeletonRow({ index, start }: { index: number; start: number }) {
  return (
    <div
      role="row"
      className={`fleet-row fleet-row--skeleton${index % 2 === 1 ? ' is-odd' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      aria-busy="true"
      data-testid="fleet-row-skeleton"
    >
      {fleetColumns.map((c, i) => (
        <div key={c.id} role="gridcell" className="cell">
          <span className="skeleton" style={{ width: `${40 + ((index * 7 + i * 13) % 45)}%` }} />
        </div>
      ))}
    </div>
  );
});
