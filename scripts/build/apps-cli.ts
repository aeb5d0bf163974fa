import { fileURLToPath } from 'node:url';
import { APPS, INITIAL_JS_BUDGET_BYTES, appsTable, buildApp } from './apps.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builds = [];
for (const app of APPS) builds.push(await buildApp(root, app));
console.log(appsTable(builds));
if (builds.some((b) => b.initialJsGzipBytes > INITIAL_JS_BUDGET_BYTES)) {
  console.error('\nan app is over its initial JavaScript budget: see the table above');
  process.exitCode = 1;
}
