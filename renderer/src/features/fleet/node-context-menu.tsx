import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetNode } from '../../../../preload/contract/fleet';
import { useNodeRunActions } from '../commands/node-run-context';
import { copyText } from '../sessions/clipboard';

interface NodeContextMenuProps {
  node: FleetNode;
  x: number;
  y: number;
  onOpenShell: (node: FleetNode) => void;
  /** `refocus` hands focus back to the grid (Esc or an action), not after a click elsewhere. */
  onClose: (refocus: boolean) => void;
}

/** Right-click menu of a grid row: open a shell (explained when the node is not Online), run a command or runbook on it, copy its ID. */
export function NodeContextMenu({ node, x, y, onOpenShell, onClose }: NodeContextMenuProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const online = node.pingStatus === 'Online';
  const run = useNodeRunActions();

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const onDown = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    window.addEventListener('mousedown', onDown, true);
    return () => window.removeEventListener('mousedown', onDown, true);
  }, [onClose]);

  const move = (delta: number): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(index + delta + items.length) % items.length]?.focus();
  };

  return (
    <div
      ref={ref}
      className="popover context-menu"
      role="menu"
      aria-label={t('fleet.shell.menuLabel', { node: node.name || node.instanceId })}
      style={{ left: x, top: y }}
      data-testid="node-context-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose(true);
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <button
        type="button"
        role="menuitem"
        className="context-menu__item"
        disabled={!online}
        onClick={() => {
          onClose(false);
          onOpenShell(node);
        }}
      >
        <span>{t('fleet.shell.open')}</span>
        <kbd>Enter</kbd>
      </button>
      {online ? null : (
        <div className="context-menu__note" role="note">
          {t('fleet.shell.offlineNote', { status: t(`fleet.ping.${node.pingStatus}`) })}
        </div>
      )}
      {run ? (
        <>
          {/* Offered for offline nodes too: the Run Command preview flags them and says they will not be sent. */}
          <button
            type="button"
            role="menuitem"
            className="context-menu__item"
            data-testid="node-run-command"
            onClick={() => {
              onClose(false);
              run.runCommand(node);
            }}
          >
            <span>{t('commands.entry.runCommandOnNode')}</span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="context-menu__item"
            data-testid="node-run-runbook"
            onClick={() => {
              onClose(false);
              run.runRunbook(node);
            }}
          >
            <span>{t('commands.entry.runRunbookOnNode')}</span>
          </button>
        </>
      ) : null}
      <button
        type="button"
        role="menuitem"
        className="context-menu__item"
        onClick={() => {
          copyText(node.instanceId);
          onClose(true);
        }}
      >
        <span>{t('fleet.shell.copyId')}</span>
      </button>
    </div>
  );
}
