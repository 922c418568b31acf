import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'bench/results/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='sendSync']", message: 'No sendSync: use a contract invoke entry.' },
      ],
    },
  },
  {
    // Only the Electron edge may import electron (ARCHITECTURE.md, "Layout").
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/app/**', 'main/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Capabilities are plain Node; only main/index.ts, main/app and main/ipc import electron.' }] }],
    },
  },
  {
    // The contract imports only zod and its siblings, so the preload and renderer can share it.
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./).*', message: 'The contract imports only zod and its siblings.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(electron|node:.*|better-sqlite3|@aws-sdk/.*)$', message: 'The renderer is a sandboxed page: no Node, no AWS SDK.' }] }],
    },
  },
);
