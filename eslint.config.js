import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

// Model families are folders of src/models/ (shared math, the predictor and
// the registry are not): a family may use shared/ and the contract, never
// another family, so adding or changing one cannot change another.
const NOT_FAMILIES = new Set(['shared', 'predictor']);
const FAMILY_FOLDERS = readdirSync(new URL('./src/models/', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory() && !NOT_FAMILIES.has(entry.name))
  .map((entry) => entry.name);

const familyBoundaries = FAMILY_FOLDERS.map((family) => ({
  files: [`src/models/${family}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: FAMILY_FOLDERS.filter((other) => other !== family).map((other) => ({
          group: [`**/${other}`, `**/${other}/**`],
          message: `A model family does not import another (${other}): move shared code to src/models/shared/.`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-bench',
      'node_modules',
      '.cache',
      'public',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // core must stay DOM-free: it runs in the worker, in Node and in tests.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator'],
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', '*/app/*'] }],
    },
  },
  ...familyBoundaries,
);
