// Type-aware lint over every TypeScript file the compiler sees (tsconfig.json includes them all).
// Formatting is Prettier's job, so eslint-config-prettier comes last and turns off style rules.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['.next/', 'node_modules/', 'dist/', 'test-results/', 'playwright-report/', 'next-env.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The two rules of hooks; the plugin's React Compiler rules are left out, as the app does not use the compiler.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The memory store implements the async RoomStore contract with async methods that need no
    // await: a throw becomes a rejected promise, as from the Redis store.
    files: ['server/store/memory*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Vitest types its asymmetric matchers (expect.any, expect.stringMatching, expect.objectContaining …)
    // as any, so every expected value that uses one reads as an unsafe assignment.
    files: ['test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Plain JavaScript (this file, postcss.config.mjs, bench/gc-on-signal.mjs) is outside tsconfig.json.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
