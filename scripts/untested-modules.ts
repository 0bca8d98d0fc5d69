/**
 * Lists the source modules (`src/**` and `webview/`) that have no test of the same name
 * (`<module>.test.ts` anywhere under `test/`; for a name two modules share, also
 * `<folder>-<module>.test.ts`), with the reason a module may go without one: it declares types
 * only (no code to run). `node out/scripts/untested-modules.js` prints them and their count;
 * `--json` prints { untested, typesOnly }.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/** The roots whose `.ts` files are the product's modules (what a newcomer looks for a test of). */
export const MODULE_ROOTS = ['src', 'webview'] as const;

export interface UntestedReport {
  /** Modules with code and no same-named test, relative to the repository, sorted. */
  readonly untested: string[];
  /** Modules without a same-named test that declare types only (interfaces, type aliases, type imports and exports). */
  readonly typesOnly: string[];
  /** How many modules there are in all. */
  readonly modules: number;
}

function filesUnder(dir: string, suffix: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(path, suffix);
    return e.name.endsWith(suffix) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** True when a module's text declares types only: nothing of it runs. */
export function declaresTypesOnly(text: string): boolean {
  const file = ts.createSourceFile('m.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return file.statements.every((s) =>
    ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)
    || (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true)
    || (ts.isExportDeclaration(s) && s.isTypeOnly));
}

/** The untested modules of the repository at `repo`. */
export function untestedModules(repo: string): UntestedReport {
  const modules = MODULE_ROOTS.flatMap((root) => filesUnder(join(repo, root), '.ts'));
  const tests = new Set(filesUnder(join(repo, 'test'), '.test.ts').map((p) => basename(p, '.test.ts')));
  const untested: string[] = [];
  const typesOnly: string[] = [];
  for (const path of modules) {
    const name = basename(path, '.ts');
    const folder = basename(dirname(path));
    if (tests.has(name) || tests.has(`${folder}-${name}`)) continue;
    const rel = relative(repo, path).split(sep).join('/');
    (declaresTypesOnly(readFileSync(path, 'utf8')) ? typesOnly : untested).push(rel);
  }
  return { untested: untested.sort(), typesOnly: typesOnly.sort(), modules: modules.length };
}

if (require.main === module) {
  const repo = join(__dirname, '..', '..');
  const report = untestedModules(repo);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const m of report.untested) console.log(m);
    for (const m of report.typesOnly) console.log(`${m} (types only)`);
    console.log(`${report.untested.length + report.typesOnly.length} of ${report.modules} modules have no test of the same name (${report.typesOnly.length} of them declare types only)`);
  }
}
