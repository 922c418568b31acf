import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { startCapstan } from './app/lifecycle';
import { createCore } from './core';

// Lifecycle only: everything with logic lives in main/app (testable with fakes) and the core.
startCapstan({
  electron: { app, BrowserWindow, ipcMain, protocol, session, shell },
  createCore,
  rendererDir: join(import.meta.dirname, '../renderer'),
});
