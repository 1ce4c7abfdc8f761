/**
 * Writes web/src/api-types.ts from the API's OpenAPI document.
 *
 *   npm run gen:api-types      (node --import tsx web/scripts/generate-api-types.ts)
 */
import fs from 'node:fs';
import path from 'node:path';
import { API_TYPES_FILE, generateApiTypes } from './api-types.js';

const source = await generateApiTypes();
const relative = path.relative(process.cwd(), API_TYPES_FILE);
if (fs.existsSync(API_TYPES_FILE) && fs.readFileSync(API_TYPES_FILE, 'utf8') === source) {
  console.log(`${relative} is up to date`);
} else {
  fs.writeFileSync(API_TYPES_FILE, source);
  console.log(`wrote ${relative}`);
}
