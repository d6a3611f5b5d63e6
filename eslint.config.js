import tseslint from 'typescript-eslint';

// Layering (as in VS Code): shared/ is pure and imports nothing from main/ or renderer/;
// the engine in main/ never imports electron outside the desktop shell.
export default tseslint.config(
  {
    ignores: [
      '.cache/**',
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-artifacts/**',
      'renderer/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/main/**', '**/renderer/**', 'node:*', 'electron'] },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
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
