import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphJsonSchema } from '../src/core/graph/json-schema';

/** Writes schemas/stylegraph.schema.json from the node catalogue (npm run schema). */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schemas', 'stylegraph.schema.json');
export const schemaText = (): string => `${JSON.stringify(graphJsonSchema(), null, 2)}\n`;

if (require.main === module) writeFileSync(SCHEMA_FILE, schemaText());
