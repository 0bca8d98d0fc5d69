import { join } from 'node:path';

/** The repository root (tests run from out/test/...). */
export const REPO = join(__dirname, '..', '..', '..');
export const EXAMPLES = join(REPO, 'examples');
export const FIXTURES = join(REPO, 'test', 'fixtures');
export const SEED_GRAPH = join(EXAMPLES, 'seed.stylegraph.json');
