// Lint, and the import boundaries of docs/ARCHITECTURE.md ("Who may import whom"): a wrong import fails `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      ['**/engine/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', 'electron', 'react', ...NODE_BUILTINS],
      'src/shared imports nothing else of ours, no Node and no DOM framework: every side imports it.',
    ),
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
      'src/engine is host-agnostic Node code: it never imports electron, React, or the layers above it.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts'],
    rules: restrict(
      ['**/engine/**', '**/main/**', '**/cli/**', ...NODE_BUILTINS],
      'The renderer and preload talk to the engine only through the typed contract in src/shared.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/preload/**', '**/cli/**'], 'main reaches the UI only through the contract in src/shared.'),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', '**/main/**', '**/renderer/**', '**/preload/**'],
      'The CLI runs without Electron and reaches the UI only through the contract in src/shared.',
    ),
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'test/**/*.ts', 'bench/**/*.{ts,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
