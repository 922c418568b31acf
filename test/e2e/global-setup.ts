import { execFileSync } from 'node:child_process';

/** Builds the renderer once so every spec serves the same bundle the app ships. */
export default function globalSetup(): void {
  if (process.env.CAPSTAN_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
}
