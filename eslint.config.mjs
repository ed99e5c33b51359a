// Type-aware lint for the whole workspace. Library code may not use console; tests, examples,
// benchmarks and the CLI may.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { CLI_LAYERS, LIBRARY_LAYERS } from './eslint/layers.mjs';
import { checkLayerTable, layersPlugin } from './eslint/layer-rule.mjs';

const here = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.d.ts', '**/*.d.cts', 'bench/out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Export names explicitly (no export *).' },
      ],
    },
  },
  {
    files: ['packages/otel-llmobs/src/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: {
      'no-console': 'error',
      // Imports go down the layers (eslint/layers.mjs); no Node built-ins (edge runtimes) outside register/.
      'layers/imports': ['error', { srcRoot: `${here}/packages/otel-llmobs/src`, layers: checkLayerTable(LIBRARY_LAYERS) }],
    },
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: {
      'layers/imports': ['error', { srcRoot: `${here}/packages/cli/src`, layers: checkLayerTable(CLI_LAYERS) }],
    },
  },
  {
    // Tests poke at untyped JSON fixtures and payloads; strict any-safety there costs more than it gives.
    files: ['**/test/**/*.ts', '**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The library examples are CommonJS apps, like many instrumented services, and so are the
    // zero-code start's `--require` test apps: require() is the point (instrumentations patch it).
    files: ['examples/*/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
