import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openApiDocuments } from '../../scripts/contract-documents.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const methods = ['get', 'put', 'post', 'patch', 'delete'];
// Generated clients turn operationIds into method names: a verb the API does not use yet belongs here once it does.
const verbs =
  'get list create add update remove delete issue revoke archive record look sign answer refresh invite activate pause resume end register confirm resend request reset exchange start disable link unlink enroll export';
const verbFirstCamelCase = new RegExp(`^(${verbs.split(' ').join('|')})([A-Z][a-zA-Z0-9]*)?$`);

interface Operation {
  operationId?: string;
  description?: string;
  tags?: string[];
}
interface Document {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs a linter CLI on the repository's Node; problems come back as its JSON report, whatever the exit code. */
async function lint(bin: string, args: string[]): Promise<string> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  try {
    return (await run(process.execPath, [join(root, 'node_modules/.bin', bin), ...args], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe.each(Object.entries(openApiDocuments()))('the %s API document', (name, built) => {
  const document = built as unknown as Document;
  const operations = Object.values(document.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([, op]) => op),
  );
  let file: string;
  beforeAll(async () => {
    file = join(dir, `${name}.openapi.json`);
    await writeFile(file, JSON.stringify(document));
  });

  it('gives every operation its own verb-first camelCase operationId, a description and declared tags', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(verbFirstCamelCase);
      expect(operation.description?.length).toBeGreaterThan(30);
    }
    const declared = (document.tags ?? []).map((tag) => tag.name);
    expect(new Set(operations.flatMap((operation) => operation.tags ?? []))).toEqual(new Set(declared));
    expect(document.tags?.every((tag) => tag.description)).toBe(true);
  });

  it('passes Spectral (spectral:oas) without a single problem', async () => {
    const report = await lint('spectral', ['lint', '--ruleset', '.spectral.yaml', '--format', 'json', '--fail-severity', 'hint', '--quiet', file]);
    const problems = (JSON.parse(report) as { code: string; message: string; path: string[] }[]).map((p) => `${p.code}: ${p.message} at ${p.path.join('.')}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('passes Redocly (recommended) with no error and no warning', async () => {
    const report = await lint('redocly', ['lint', '--config', 'redocly.yaml', '--format', 'json', file]);
    const { totals, problems } = JSON.parse(report) as { totals: Record<string, number>; problems: { ruleId: string; message: string }[] };
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});
