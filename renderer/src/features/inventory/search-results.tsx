import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventorySearchGroup } from '../../../../preload/contract/inventory';
import { formatCount } from '../../lib/format';
import { typeLabel } from './type-labels';

interface SearchResultsProps {
  groups: InventorySearchGroup[];
  /** Group shown in the drill-down, highlighted. */
  selected: InventorySearchGroup | null;
  onDrill: (group: InventorySearchGroup) => void;
  listRef: RefObject<HTMLDivElement | null>;
  /** ↑ on the first row: back to the search box. */
  onLeave: () => void;
}

/** Same group? (type, name and version identify one.) */
export function sameGroup(a: InventorySearchGroup | null, b: InventorySearchGroup | null): boolean {
  return a !== null && b !== null && a.typeName === b.typeName && a.name === b.name && a.version === b.version;
}

/** Result groups, most widespread first: arrows move, Enter (or a click) lists the nodes. */
export function SearchResults({ groups, selected, onDrill, listRef, onLeave }: SearchResultsProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [active, setActive] = useState({ groups, index: 0 });
  // A new answer starts at its first row; the same answer keeps the operator's place.
  const activeIndex = active.groups === groups ? Math.min(active.index, groups.length - 1) : 0;
  const rowRefs = useRef<Array<HTMLDivElement | null>>([]);
  const max = groups.reduce((m, g) => Math.max(m, g.nodeCount), 1);

  useEffect(() => {
    rowRefs.current[activeIndex]?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const move = (index: number): void => {
      e.preventDefault();
      setActive({ groups, index: Math.max(0, Math.min(groups.length - 1, index)) });
    };
    if (e.key === 'ArrowDown') move(activeIndex + 1);
    else if (e.key === 'ArrowUp') {
      if (activeIndex === 0) {
        e.preventDefault();
        onLeave();
      } else move(activeIndex - 1);
    } else if (e.key === 'PageDown') move(activeIndex + 10);
    else if (e.key === 'PageUp') move(activeIndex - 10);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(groups.length - 1);
    else if (e.key === 'Enter') {
      const group = groups[activeIndex];
      if (group) {
        e.preventDefault();
        onDrill(group);
      }
    }
  };

  const idOf = (index: number): string => `inventory-group-${index}`;
  return (
    <div
      ref={listRef}
      className="inventory-results"
      role="listbox"
      tabIndex={0}
      aria-label={t('inventory.results.label')}
      aria-activedescendant={groups.length ? idOf(activeIndex) : undefined}
      data-testid="inventory-results"
      onKeyDown={onKeyDown}
    >
      <div className="inventory-results__head" aria-hidden="true">
        <span>{t('inventory.results.type')}</span>
        <span>{t('inventory.results.name')}</span>
        <span>{t('inventory.results.version')}</span>
        <span>{t('inventory.results.publisher')}</span>
        <span className="inventory-results__count">{t('inventory.results.nodes')}</span>
      </div>
      {groups.map((group, index) => (
        <div
          key={`${group.typeName}\u0000${group.name}\u0000${group.version}`}
          id={idOf(index)}
          ref={(el) => {
            rowRefs.current[index] = el;
          }}
          role="option"
          aria-selected={index === activeIndex}
          className={`inventory-results__row${index === activeIndex ? ' is-active' : ''}${sameGroup(group, selected) ? ' is-open' : ''}`}
          data-testid="inventory-group"
          onClick={() => {
            setActive({ groups, index });
            onDrill(group);
          }}
        >
          <span className="inventory-results__type">{typeLabel(t, group.typeName)}</span>
          <span className="inventory-results__name selectable" title={group.name}>
            {group.name}
          </span>
          <span className="inventory-results__version mono" title={group.version}>
            {group.version || '—'}
          </span>
          <span className="inventory-results__publisher muted" title={group.publisher}>
            {group.publisher}
          </span>
          <span className="inventory-results__count num" aria-label={t('inventory.results.nodeCount', { count: group.nodeCount, nodes: formatCount(group.nodeCount, lng) })}>
            <span className="inventory-results__bar" style={{ width: `${Math.max(2, Math.round((group.nodeCount / max) * 100))}%` }} aria-hidden="true" />
            <span className="inventory-results__number">{formatCount(group.nodeCount, lng)}</span>
          </span>
        </div>
      ))}
    </div>
  );
}
