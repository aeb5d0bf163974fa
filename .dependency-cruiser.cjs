// Import boundaries, checked by `npm run lint` (and so by `npm test`). See docs/architecture.md "Boundaries".
//
// Type-only imports (`import type`) count as imports in every rule: a type pulls nothing in at run
// time, but it still ties a module to what it names, and the boundaries are about what a layer may
// know. Workspace packages are resolved through their node_modules links (preserveSymlinks), so an
// import of `@loyalty/x` is checked against the importer's own package.json like any npm package;
// a lib's modules therefore appear both as `libs/<name>/…` and as `node_modules/@loyalty/<name>/…`.
const { readdirSync, readFileSync } = require('node:fs');

const folders = (parent) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
const libs = folders('libs');
const services = folders('services');
const any = (names) => `(${names.join('|')})`;
const inLib = (names, rest = '') => `^(libs|node_modules/@loyalty)/${any(names)}/${rest}`;
const rootDevDependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).devDependencies);
const literal = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const domain = '^services/[^/]+/src/domain/';
const httpOnly = [
  'node_modules/(koa|@koa/router|swagger-ui-dist|zod-openapi)/',
  inLib(['platform'], 'src/(http|http-app|http-hardening|http-index|health|request-origin)\\.ts$'),
  inLib(['platform'], 'src/api/'),
  inLib(['runtime'], 'src/(api-index|api-process|api-guards|business-plans)\\.ts$'),
];
const packageSources = ['^(libs|services)/[^/]+/src/', '^terraform/src/'];
const packageTests = ['^(libs|services)/[^/]+/test/', '^terraform/test/'];

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Domain rules are plain computation: no I/O, no framework, no other layer; only zod, contracts, the platform root (AppError), @loyalty/db/model and node:crypto.',
      severity: 'error',
      from: { path: domain },
      to: {
        pathNot: [
          domain,
          '^(node:)?crypto$',
          'node_modules/zod/',
          inLib(['contracts'], 'src/'),
          inLib(['platform'], 'src/index\\.ts$'),
          inLib(['db'], 'src/model\\.ts$'),
        ],
      },
    },
    {
      name: 'use-cases-not-entry-points',
      comment: 'A use case serves any entry point (HTTP, queue, schedule), so it cannot know one: its input types live beside it.',
      severity: 'error',
      from: { path: '^services/[^/]+/src/use-cases/' },
      to: { path: '^services/[^/]+/src/entry-points/' },
    },
    {
      name: 'libs-not-services',
      comment: 'Libraries are shared by the services, so they cannot depend on any of them.',
      severity: 'error',
      from: { path: inLib(libs) },
      to: { path: [`^services/`, `^node_modules/@loyalty/${any(services)}/`] },
    },
    {
      name: 'lambda-not-http',
      comment: 'A Lambda bundle carries only what its handler runs: nothing HTTP-only (Koa, routing, OpenAPI, Swagger UI, the API process).',
      severity: 'error',
      from: { path: '^services/[^/]+/src/(lambda|[^/]*-lambda)\\.ts$' },
      to: { reachable: true, path: httpOnly },
    },
    {
      name: 'packages-declare-dependencies',
      comment: "A workspace package's source imports only what its own package.json lists as dependencies, so it installs and bundles on its own.",
      severity: 'error',
      from: { path: packageSources },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'npm-dev'], pathNot: typesFromRoot() },
    },
    {
      name: 'tests-declare-dependencies',
      comment: "A package's tests import its dependencies, its devDependencies or the repository's root devDependencies (jest, fast-check, …).",
      severity: 'error',
      from: { path: packageTests },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: [`^node_modules/${any(rootDevDependencies.map(literal))}/`, typesFromRoot()] },
    },
    {
      name: 'resolvable',
      comment: 'An import that does not resolve fails at run time; tsc sees types only.',
      severity: 'error',
      from: {},
      // `virtual:` modules exist only inside a Vite build (vite-plugin-pwa's service worker registration).
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    // swc reports `import type` edges (marked type-only) whatever tsPreCompilationDeps says; that option
    // asks for the TypeScript compiler API, which TypeScript 7 does not have.
    parser: 'swc',
    combinedDependencies: false,
    preserveSymlinks: true,
    moduleSystems: ['es6'],
    doNotFollow: { path: 'node_modules/(?!@loyalty/)' },
    // Build output only: a package's own dist folder (node_modules/koa/dist is what koa resolves to).
    exclude: { path: ['^terraform/cdktf\\.out/', '^(libs|services)/[^/]+/dist/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};

/** Type-only imports of an `@types/*` package: type-checking is a development activity, so the root's devDependencies provide them. */
function typesFromRoot() {
  const typePackages = rootDevDependencies.filter((name) => name.startsWith('@types/')).map((name) => literal(name.slice('@types/'.length)));
  return `^node_modules/@types/${any(typePackages)}/`;
}
