import { createRequire } from 'node:module';

/**
 * The path of `request` (a file of an npm package, such as 'pkg/package.json'), found from
 * node_modules as Node finds it. Not `require.resolve`: webpack rewrites that into a module id,
 * even for the packages the engine bundle leaves in node_modules.
 */
export function packageFile(request: string): string {
  return createRequire(__filename).resolve(request);
}
