import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.bench/', '.cache/', 'media/', '.e2e/', '.vsix-stage/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // The compiler validates graphs before planning; lookups after that are known to succeed.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'fs', 'path', 'os', 'node:fs', 'node:path', 'node:os', 'node:fs/promises', 'fs/promises', 'http', 'https', 'node:http', 'node:https'],
        patterns: ['../../extension/*', '../../cli/*', '../../node/*', '../extension/*', '../cli/*', '../node/*'],
      }],
    },
  },
  {
    // The webview is a browser page: it may use src/core and browser libraries, nothing of Node or the host.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'fs', 'fs/promises', 'path', 'os', 'http', 'https', 'child_process', 'crypto'].map((name) => ({ name, message: 'webview/ runs in a browser: no Node or VS Code modules.' })),
        patterns: [
          { regex: '^node:', message: 'webview/ runs in a browser: no Node modules.' },
          { regex: '(^|/)src/(node|extension|cli)(/|$)', message: 'webview/ may import src/core only (src/node, src/extension and src/cli use Node or VS Code).' },
        ],
      }],
    },
  },
);
