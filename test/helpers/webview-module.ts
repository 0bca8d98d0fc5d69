/**
 * Loads a webview module that the tests' Node16 build cannot compile: one that imports chart.js or
 * @comfyorg/litegraph (ES modules to Node16's resolution, refused in CommonJS files), directly or
 * through what it imports, if only for a type.
 * Its TypeScript source, and that of the webview modules it imports, is transpiled as it is
 * required, without type checks (`webview/tsconfig.json` checks them); what it imports of `src/` is
 * the build's (out/src), the same modules the test imports. A test must not import the module's
 * types (that would bring it into the build): it declares the part of the module it uses. Where
 * the module builds DOM, call it after `useDom()` (dom.ts), in a test or a `before`.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { REPO } from './paths';

type Loader = (module: { exports: unknown; _compile(code: string, filename: string): void }, filename: string) => void;

const SRC = join(REPO, 'src') + sep;

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const extensions = require.extensions as unknown as Record<string, Loader>;
  extensions['.ts'] = (module, filename) => {
    if (filename.startsWith(SRC)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module.exports = require(join(REPO, 'out', relative(REPO, filename)).replace(/\.ts$/, '.js'));
      return;
    }
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: true },
    });
    module._compile(outputText, filename);
  };
}

/**
 * The webview module `name`, as `webviewModule` gives it, where its `@comfyorg/litegraph` is the
 * package's ES module (the one the tests' canvas uses): its CommonJS build exports nothing in Node.
 */
export async function webviewModuleWithLitegraph<T>(name: string): Promise<T> {
  const lg = await import('@comfyorg/litegraph');
  const path = require.resolve('@comfyorg/litegraph');
  require.cache[path] ??= Object.assign(new Module(path), { filename: path, loaded: true, exports: lg });
  return webviewModule<T>(name);
}

/** The webview module `name` (e.g. 'document-edit'), as the part `T` of it a test uses. */
export function webviewModule<T>(name: string): T {
  register();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(REPO, 'webview', `${name}.ts`)) as T;
}
