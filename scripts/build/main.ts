import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetTable, overBudget } from './budgets.js';
import { buildLambdas } from './lambdas.js';
import { measureLambdas } from './measure-lambdas.js';
import { buildServices, servicesTable } from './services.js';
import { withScratchDatabase } from './scratch-database.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COLD_STARTS_PER_FUNCTION = 5;

const started = performance.now();
const artifacts = await buildLambdas(root, `${root}dist/lambda`);
const bundledMs = performance.now() - started;
for (const artifact of artifacts) console.log(`${relative(root, artifact.zipPath)}  ${(artifact.zipBytes / 1024).toFixed(0)} KiB`);
console.log(`bundled ${artifacts.length} Lambda functions in ${(bundledMs / 1000).toFixed(1)} s`);

const measured = await withScratchDatabase((databaseUrl) => measureLambdas(root, artifacts, databaseUrl, COLD_STARTS_PER_FUNCTION));
console.log(budgetTable(measured, COLD_STARTS_PER_FUNCTION));
console.log(`\n${servicesTable(await buildServices())}`);
console.log(`\nbuild and measurements took ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (measured.some((lambda) => overBudget(lambda).length > 0)) {
  console.error('\nover budget: see the table above');
  process.exitCode = 1;
}
