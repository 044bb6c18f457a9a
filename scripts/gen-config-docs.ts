// Rewrites conf/sync.properties and the README's configuration table from the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderPropertiesFile, withConfigTable } from '../src/config/render-docs.js';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('conf/sync.properties', root), renderPropertiesFile());
const readmePath = new URL('README.md', root);
writeFileSync(readmePath, withConfigTable(readFileSync(readmePath, 'utf8')));
console.log('wrote conf/sync.properties and the README configuration table');
