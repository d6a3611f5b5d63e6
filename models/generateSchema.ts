import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchema } from './manifestSchema.ts';

// Writes models/manifest.schema.json from the zod schema (`npm run schema`).
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'manifest.schema.json');
writeFileSync(out, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
