import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

/** What core may not import: it is pure TypeScript (no VS Code, no Node), below the host, the CLI and Node's IO. */
const CORE_PATHS = ['vscode', 'fs', 'path', 'os', 'node:fs', 'node:path', 'node:os', 'node:fs/promises', 'fs/promises', 'http', 'https', 'node:http', 'node:https'];
const CORE_PATTERNS = ['../../extension/*', '../../cli/*', '../../node/*', '../extension/*', '../cli/*', '../node/*'];
/** Core's higher floors, which its low floors (paths, text, image, model, face) never import. */
const HIGH_FLOORS = ['graph', 'nodes', 'compile', 'run', 'inspect', 'sweep', 'history', 'protocol'].map((floor) => `../${floor}/*`);

/** A page's globals, which src/ (Node, VS Code's host, pure core) never has. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'HTMLElement', 'HTMLCanvasElement', 'HTMLImageElement', 'Element', 'Node', 'requestAnimationFrame', 'getComputedStyle', 'OffscreenCanvas', 'createImageBitmap', 'Image', 'ImageData'];

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
    // The DOM's types are in the build for the webview tests (test/helpers/dom.ts): src/ runs in
    // Node or VS Code's host, where a page's globals do not exist.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'src/ runs outside a page: no DOM globals (webview/ has them).' }))] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CORE_PATHS, patterns: CORE_PATTERNS }] },
  },
  {
    files: ['src/core/{paths,text,image,model,face}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CORE_PATHS, patterns: [...CORE_PATTERNS, ...HIGH_FLOORS] }] },
  },
  {
    // No import circles anywhere: each module can be read after the ones it imports.
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import/parsers': { '@typescript-eslint/parser': ['.ts'] } },
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
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
