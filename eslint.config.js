import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** engine/ and graph/ are pure: no DOM, no React, no d3-selection (DESIGN.md, convention 1). */
const pureCore = {
  files: ['src/engine/**/*.ts', 'src/graph/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'engine/ and graph/ stay free of React.' },
        { group: ['d3-selection', 'd3', 'd3-transition', 'd3-zoom'], message: 'engine/ and graph/ stay free of DOM libraries.' },
        { group: ['node:*', 'fs', 'path', 'process'], message: 'engine/ and graph/ run in the browser too.' },
        { group: ['**/components/**', '**/store/**', '**/worker/**', '**/cli/**'], message: 'The core depends on nothing above it.' },
      ],
    }],
    'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process'],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // noUncheckedIndexedAccess makes every typed-array read `number | undefined`; the engine
      // indexes flat arrays within bounds its shapes prove, and says so with `!`.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  pureCore,
);
