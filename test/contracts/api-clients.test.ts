import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clientTypes } from '@loyalty/api-clients/client-types';
import { recordVisitAndReadCard } from '../../libs/api-clients/examples/record-visit.js';
import { openApiDocuments } from '../../scripts/contract-documents.js';
import { setUpStampProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

// Each line must fail to compile: were the generated types loose (any, unknown), the @ts-expect-error would be unused, itself an error.
const misuse = `import type { operations as Admin } from '../src/admin.js';
import type { operations as Customer } from '../src/customer.js';
type Visit = Admin['recordTransaction']['requestBody']['content']['application/json'];
type Card = Customer['getCard']['responses'][200]['content']['application/json'];
// @ts-expect-error a visit names its card
export const withoutCard: Visit = { kind: 'visit', storeId: 'store', posTransactionId: 'till-1' };
// @ts-expect-error there is no such kind
export const unknownKind: Visit = { kind: 'gift', cardId: 'card', storeId: 'store', posTransactionId: 'till-1' };
// @ts-expect-error a balance is a number
export const balance: string = ({} as Card).balance;
// @ts-expect-error every operation is there by its operationId, and only those
export type Missing = Customer['recordTransaction'];
`;

describe('clients generated from the OpenAPI documents', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'api-clients-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('type-check a program that records a visit and reads a card, and catch its mistakes', async () => {
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'examples'));
    for (const [name, document] of Object.entries(openApiDocuments())) {
      await writeFile(join(dir, 'src', `${name}.ts`), await clientTypes(document, `${name}.openapi.json`));
    }
    await copyFile(join(root, 'libs/api-clients/examples/record-visit.ts'), join(dir, 'examples/record-visit.ts'));
    await writeFile(join(dir, 'examples/misuse.ts'), misuse);
    const compilerOptions = { target: 'es2023', lib: ['es2024', 'dom'], module: 'nodenext', strict: true, noEmit: true, types: [], skipLibCheck: false };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'examples'] }));

    const tsc = join(root, 'libs/api-clients/node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', dir, '--pretty', 'false']).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ exitCode: error.code, stdout: error.stdout }),
    );
    expect(result).toEqual({ exitCode: 0, stdout: '' });
  }, 60_000);

  describe('against the running APIs', () => {
    let system: System;
    beforeAll(async () => {
      system = await startSystem();
    });
    afterAll(async () => {
      await system?.stop();
    });

    it('are generated from the very documents the APIs serve', async () => {
      const documents = openApiDocuments();
      for (const [name, api] of [
        ['admin', system.admin],
        ['customer', system.customer],
      ] as const) {
        const served = await fetch(`${api.url}/openapi.json`);
        expect(await served.json()).toEqual(JSON.parse(JSON.stringify(documents[name])));
      }
    });

    it('records a visit that the processor applies and reads the stamped card', async () => {
      const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
      const { transaction, card } = await recordVisitAndReadCard({ adminUrl: system.admin.url, customerUrl: system.customer.url, ...shop });
      expect(transaction).toMatchObject({ kind: 'visit', status: 'applied', cardId: shop.cardId });
      expect(card).toMatchObject({ id: shop.cardId, balance: 1 });
    });
  });
});
