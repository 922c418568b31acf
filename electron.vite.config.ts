import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Dependencies stay in node_modules (better-sqlite3 is native); electron-builder packs them.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          // The store runs SQL in its own thread; it loads this file next to index.js.
          'store-worker': resolve(root, 'main/store/store-worker.ts'),
          'inventory-fetch-worker': resolve(root, 'main/inventory/sync/fetch-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: inline zod and the contract.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
