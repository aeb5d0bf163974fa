import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contractFiles } from '../../scripts/contract-documents.js';

const root = join(import.meta.dirname, '../..');
const files = await contractFiles();

describe('the checked-in contracts', () => {
  it.each(Object.keys(files))('%s is what the code describes now (npm run contracts rewrites it)', async (path) => {
    const checkedIn = await readFile(join(root, path), 'utf8').catch(() => 'missing');
    expect({ path, current: checkedIn === files[path] }).toEqual({ path, current: true });
  });
});
