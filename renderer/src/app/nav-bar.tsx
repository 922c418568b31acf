import { useTranslation } from 'react-i18next';

/** The app's screens: the fleet grid with its shell tabs, Run Command, runbooks, inventory, licences, sessions, audit. */
export type AppView = 'work' | 'commands' | 'runbooks' | 'inventory' | 'licences' | 'sessions' | 'audit';

interface NavItem {
  view: AppView;
  hash: string;
  labelKey: string;
  icon: string;
  /** A long name for the narrow rail: smaller type, and a second line where it has a space. */
  long?: boolean;
}

// Only screens that work are listed (house style: no "coming soon" entries).
const items: NavItem[] = [
  { view: 'work', hash: '#fleet', labelKey: 'nav.fleet', icon: 'M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z' },
  {
    view: 'commands',
    hash: '#commands',
    labelKey: 'commands.nav.commands',
    long: true,
    icon: 'M2.5 2 11 7 2.5 12zM4 4.6v4.8L8.1 7zM9 12.5h5.5V14H9z',
  },
  {
    view: 'runbooks',
    hash: '#runbooks',
    labelKey: 'commands.nav.runbooks',
    long: true,
    icon: 'M2 2.5h4.5c.6 0 1.1.2 1.5.6.4-.4.9-.6 1.5-.6H14v10.5H9.6c-.6 0-1.1.2-1.6.7-.5-.5-1-.7-1.6-.7H2zm1.5 1.5v7.5h2.9c.3 0 .6 0 .9.1V4.7c0-.4-.3-.7-.7-.7zm9 0H9.4c-.4 0-.7.3-.7.7v6.9c.3-.1.6-.1.9-.1h2.9z',
  },
  {
    view: 'inventory',
    hash: '#inventory',
    labelKey: 'nav.inventory',
    icon: 'M2 3.5 8 1l6 2.5v9L8 15l-6-2.5zm1.5 1.1v7l3.8 1.6V6.2zm5.2 8.6 3.8-1.6v-7L8.7 6.2zM8 2.6 4.1 4.2 8 5.8l3.9-1.6z',
  },
  {
    view: 'licences',
    hash: '#licences',
    labelKey: 'nav.licences',
    icon: 'M3 1.5h7l3 3v10H3zm1.5 1.5v10h7V5.2L9.4 3zm1.5 4h4v1.2H6zm0 2.5h4v1.2H6z',
  },
  {
    view: 'sessions',
    hash: '#sessions',
    labelKey: 'nav.sessions',
    icon: 'M1.5 2.5h13v11h-13zm1.5 1.5v8h10V4zm1 1.2 2.6 2.3L4 9.8l-.8-.9 1.6-1.4-1.6-1.4zM7.5 9h3.5v1.2H7.5z',
  },
  {
    view: 'audit',
    hash: '#audit',
    labelKey: 'commands.nav.audit',
    icon: 'M8 1 13.5 3v4.2c0 3.6-2.4 6.3-5.5 7.8-3.1-1.5-5.5-4.2-5.5-7.8V3zm0 1.6L4 4v3.2c0 2.8 1.7 4.9 4 6.1 2.3-1.2 4-3.3 4-6.1V4zm2.4 3 1 1-4.1 4.2L5 8.5l1-1 1.3 1.3z',
  },
];

/** The i18n key of a screen's name (the nav label, also the window title). */
export function viewLabelKey(view: AppView): string {
  return items.find((item) => item.view === view)?.labelKey ?? 'nav.fleet';
}

/** The left navigation; `liveShells` badges Sessions with the number of shells still open. */
export function NavBar({
  view,
  onSelect,
  liveShells,
  footer,
  footerTitle,
}: {
  view: AppView;
  onSelect: (view: AppView) => void;
  liveShells: number;
  footer: string;
  footerTitle: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {items.map((item) => {
        const active = view === item.view;
        return (
          <a
            key={item.view}
            className={`nav__item${active ? ' is-active' : ''}`}
            aria-current={active ? 'page' : undefined}
            href={item.hash}
            data-testid={`nav-${item.hash.slice(1)}`}
            // The rail is narrow: a long name (Japanese especially) is cut, so hovering shows it whole.
            title={t(item.labelKey)}
            onClick={(e) => {
              e.preventDefault();
              onSelect(item.view);
            }}
          >
            <svg className="nav__icon" viewBox="0 0 16 16" aria-hidden="true">
              <path fillRule="evenodd" d={item.icon} />
            </svg>
            <span className={`nav__label${item.long ? ' nav__label--long' : ''}`}>{t(item.labelKey)}</span>
            {item.view === 'sessions' && liveShells > 0 ? (
              <span className="nav__count num" title={t('sessions.view.liveCount', { count: liveShells })}>
                {liveShells}
              </span>
            ) : null}
          </a>
        );
      })}
      <span className="nav__spacer" />
      <div className="nav__foot muted" title={footerTitle}>
        {footer}
      </div>
    </nav>
  );
}
