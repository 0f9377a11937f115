// Lint rules: typed linting for floating promises (DESIGN.md conventions). Import cycles are checked by
// dpdm in `npm run check`: eslint-plugin-import-x needs platform binaries this registry does not carry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const typedRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'sentrydata/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['web/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: typedRules,
  },
  // The web UI is its own TypeScript program (DOM, bundler resolution); its build config runs in Node.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...typedRules, ...reactHooks.configs['recommended-latest'].rules },
  },
  {
    files: ['web/vite.config.ts'],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.node.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: typedRules,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  // The page the browser tests serve runs in Chromium, not Node.
  {
    files: ['test/browser/fixtures/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
