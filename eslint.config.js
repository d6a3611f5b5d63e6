import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './build/layers.js';

// Layering (as in VS Code): every import follows the modules of docs/architecture.md
// (build/layers.js holds the table and the rule); shared/ and renderer/ use no Node
// built-ins; only the desktop shell imports electron.
export default tseslint.config(
  {
    ignores: ['.cache/**', 'node_modules/**', 'out/**', 'dist/**', 'test-artifacts/**'],
  },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // Large state is replaced whole ($state.raw, new arrays: STYLE.md); the Sets this rule
    // finds are local temporaries, never state.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    plugins: { layers: layersPlugin },
    rules: { 'layers/one-way-down': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
);
