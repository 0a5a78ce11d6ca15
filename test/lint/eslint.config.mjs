// ESLint for src/ and test/: `npm run lint` (eslint --config test/lint/eslint.config.mjs src test).
// The file sits here, not at the top level, which holds only the package's own files (STYLE.md);
// run from the repository root, its patterns are relative to it.
//
// @note Formatting is prettier's, types are tsc's (both tsconfigs): the rules here are the
// recommended sets of ESLint and typescript-eslint, for what neither catches (unused code, a stray
// `any`, suspicious constructs). Not type-aware: that doubled or tripled the run (~75 s against
// ~20 s) and mostly flagged the tests' `any` JSON bodies.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's globals, from the Node running ESLint: what a `.mjs` helper process may use unimported. */
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig(
  { ignores: ['dist/', 'test-artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a value left out on purpose (`const { id: _id, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON answers whose shape each assertion states; typing every body would add nothing.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // The dashboard's browser modules. tsc checks their names against the DOM lib
    // (src/live/dashboard/tsconfig.json), so no-undef would only repeat it without the browser's globals.
    files: ['src/live/dashboard/**/*.js'],
    rules: {
      'no-undef': 'off',
      // Untrusted text (payloads, URLs, error messages) must never reach the HTML parser.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build nodes with h() and text; never parse a string as HTML.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln|createContextualFragment|setHTMLUnsafe)$/]',
          message: 'Build nodes with h() and text; never parse a string as HTML.',
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
);
