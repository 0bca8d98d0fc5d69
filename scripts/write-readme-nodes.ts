import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withNodeTable } from '../src/core/nodes/node-table';

/** Writes README.md's port types and node table from the port table and the node catalogue (npm run readme-nodes). */
export const README_FILE = join(__dirname, '..', '..', 'README.md');

/** README.md as the catalogue writes it. */
export function readmeText(): string {
  const text = withNodeTable(readFileSync(README_FILE, 'utf8'));
  if (text === undefined) throw new Error(`${README_FILE} has no node table markers`);
  return text;
}

if (require.main === module) writeFileSync(README_FILE, readmeText());
