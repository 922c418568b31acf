import { memo } from 'react';
import type { FleetNode, PingStatus } from '../../../../preload/contract/fleet';
import { formatRelativeTime } from '../../lib/format';
import { fleetColumns } from './fleet-columns';
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
function AccountCell({ accountId, name }: { accountId: string; name: string | undefined }) {
  return name ? (
    <div role="gridcell" className="cell" title={accountId} data-account-id={accountId}>
      {name}
    </div>
  ) : (
    <div role="gridcell" className="cell mono" data-account-id={accountId}>
      {accountId || '—'}
    </div>
  );
}

interface RowProps {
  node: FleetNode;
  index: number;
  start: number;
  active: boolean;
  tagsWidth: number;
  now: number;
  labels: RowLabels;
}

/** One loaded grid row. Memoised: a repaint re-renders only rows whose node or state changed. */
export const FleetRow = memo(function FleetRow({ node, index, start, active, tagsWidth, now, labels }: RowProps) {
  const platform = node.platformVersion ? `${node.platformName} ${node.platformVersion}` : node.platformName;
  // layoutTagChips orders the tags itself; the full list is spelled out only for a "+N" title.
  const chips = layoutTagChips(node.tags, tagsWidth - 16);
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
      <div role="gridcell" className="cell" title={node.computerName && node.computerName !== node.name ? node.computerName : undefined}>
        {/* EC2 names come from the Name tag via inventory and may be missing: the host name is the next best thing. */}
        {node.name || <span className="muted">{node.computerName || labels.noName}</span>}
      </div>
      <div role="gridcell" className="cell mono selectable" data-resource-type={node.resourceType}>
        {node.instanceId}
      </div>
      {/* The status is the cell itself, not a span in it: one element less in each of ~40 rows a keystroke re-creates. */}
      <div role="gridcell" className={`cell ping ${PING_CLASS[node.pingStatus]}`}>
        {labels.ping[node.pingStatus]}
      </div>
      {/* The exact time goes into `title` on hover (see FleetGrid): formatting it for every row on every repaint is wasted work. */}
      <div role="gridcell" className="cell num muted" data-ts={node.lastPingAt ?? undefined}>
        {node.lastPingAt ? formatRelativeTime(node.lastPingAt, now, labels.lng, 'narrow') : '—'}
      </div>
      <div role="gridcell" className={`cell os os--${os}`} title={platform}>
        {/* "Microsoft Windows Server 2022 Datacenter" loses its vendor in the cell; the title keeps it. */}
        {platform.replace(/^Microsoft /, '') || node.platformType}
      </div>
      <div role="gridcell" className="cell mono">
        {node.agentVersion}
        {node.isLatestVersion === false ? (
          <span className="badge badge--warn" title={labels.agentOutdatedTitle}>
            {labels.agentOutdated}
          </span>
        ) : null}
      </div>
      <div role="gridcell" className="cell mono selectable">
        {node.ipAddress || '—'}
      </div>
      <AccountCell accountId={node.accountId} name={labels.accountNames.get(node.accountId)} />
      <div role="gridcell" className="cell">
        {node.region}
      </div>
      <div role="gridcell" className="cell cell--tags" title={chips.hidden > 0 ? orderTags(node.tags).map(tagLabel).join('\n') : undefined}>
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
