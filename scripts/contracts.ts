import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { contractFiles } from './contract-documents.js';

const root = join(import.meta.dirname, '..');
for (const [path, content] of Object.entries(await contractFiles())) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
  console.log(`wrote ${path}`);
}
