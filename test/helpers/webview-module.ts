/**
 * Loads a webview module that the Node build cannot compile: one that imports chart.js or
 * @comfyorg/litegraph (or imports a module that does, if only for a type). Both packages are
 * ES modules to TypeScript's Node16 resolution, so the root tsconfig refuses them in CommonJS
 * files, and litegraph's "require" entry (a UMD file in an ES package) exports nothing in Node.
 * This transpiles the module and the sources it imports (webview/ and src/, types stripped, not
 * checked: the bundle's build checks them) and hands it litegraph's ES module.
 *
 * The module is typed by the test (only what it uses): importing its type would put it back in
 * the Node build. Call in a test or a `before`, after `useDom()` where it builds DOM.
 */
import { createRequire } from 'node:module';
import Module from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { REPO } from './paths';

interface CompilingModule {
  _compile(code: string, filename: string): void;
}
type Loader = (m: CompilingModule, filename: string) => void;

const requireHere = createRequire(__filename);

type Resolver = (request: string, parent: unknown, ...rest: unknown[]) => string;

function installTypeScriptLoader(): void {
  const node = Module as unknown as { _extensions: Record<string, Loader>; _resolveFilename: Resolver };
  const extensions = node._extensions;
  if (extensions['.ts']) return;
  // src/ is in the Node build already: its compiled modules are shared with the tests' own imports (and load faster).
  const resolve = node._resolveFilename;
  const src = join(REPO, 'src') + sep;
  node._resolveFilename = (request, parent, ...rest) => {
    const found = resolve(request, parent, ...rest);
    if (!found.startsWith(src) || !found.endsWith('.ts')) return found;
    const built = join(REPO, 'out', relative(REPO, found)).replace(/\.ts$/, '.js');
    return existsSync(built) ? built : found;
  };
  extensions['.ts'] = (m, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: true },
    });
    m._compile(outputText, filename);
  };
}

/** Puts litegraph's ES module where `require('@comfyorg/litegraph')` from webview/ finds it. */
async function provideLitegraph(): Promise<void> {
  const requireInWebview = createRequire(join(REPO, 'webview', 'main.ts'));
  const id = requireInWebview.resolve('@comfyorg/litegraph');
  if (requireHere.cache[id]?.loaded) return;
  const lg: unknown = await import('@comfyorg/litegraph');
  const m = new Module(id);
  m.filename = id;
  m.exports = lg;
  m.loaded = true;
  requireHere.cache[id] = m;
}

/** The webview module `webview/<name>.ts`, as the test types it. */
export async function webviewModule<T>(name: string): Promise<T> {
  installTypeScriptLoader();
  await provideLitegraph();
  return requireHere(join(REPO, 'webview', `${name}.ts`)) as T;
}
