import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './paths';
import { tempFolder } from './temp-folder';

/**
 * Why a test that needs the commands `tools` (GNU parallel, Slurm's sbatch, ...) cannot run here,
 * or undefined when it can (daemons are looked for in /usr/sbin and /sbin too). In CI (CI=true) a missing tool is an error, never a skip: .ci/run
 * installs them. Outside CI the reason is printed as one line.
 */
export function toolsSkipReason(what: string, tools: readonly string[], extra?: () => string | undefined): string | undefined {
  const missing = tools.filter((tool) => spawnSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${tool}`]).status !== 0);
  const why = missing.length ? `${missing.join(', ')} not installed (.ci/run installs them with apt-get)` : extra?.();
  if (why === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`${what} cannot run in CI: ${why}`);
  const reason = `${what} skipped: ${why}`;
  console.log(reason);
  return reason;
}

/** A folder holding a `stylegraph` command that runs this checkout's bin/stylegraph.js: the workers' PATH. */
export function stylegraphOnPath(): string {
  const bin = join(tempFolder('stylegraph-bin-'), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'stylegraph'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(REPO, 'bin', 'stylegraph.js'))} "$@"\n`);
  chmodSync(join(bin, 'stylegraph'), 0o755);
  return bin;
}
