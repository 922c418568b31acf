import './lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/app';
import { BridgeMissing } from './app/bridge-missing';
import { hasBridge } from './lib/api';
import { initI18n } from './lib/i18n';
import { applyInitialTheme } from './lib/theme';
import './styles/theme.css';
import './styles/controls.css';
import './styles/shell.css';
import './styles/fleet.css';
import './styles/fleet-grid.css';

applyInitialTheme();
initI18n();

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(<StrictMode>{hasBridge() ? <App client={createQueryClient()} /> : <BridgeMissing />}</StrictMode>);
}
