import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

/**
 * A built service (scripts/build/services.ts) carries the assets in `swagger-ui/` beside its bundle, where
 * no node_modules exists; from source they come from the package. Resolved at the first request, so
 * importing this module (or a bundle holding it) needs neither.
 */
let swaggerUiDir: string | undefined;
function swaggerUiAssets(): string {
  const besideBundle = fileURLToPath(new URL('./swagger-ui/', import.meta.url));
  swaggerUiDir ??= existsSync(besideBundle) ? besideBundle : join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');
  return swaggerUiDir;
}
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
};

const page = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true });</script>
</body></html>`;

/** GET /openapi.json (the document) and GET /docs (Swagger UI served from the package, no CDN). */
export function docsEndpoints(title: string, document: () => object): Middleware {
  let cached: object | undefined;
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/openapi.json') {
      cached ??= document();
      ctx.body = cached;
      return;
    }
    if (ctx.path === '/docs') {
      ctx.type = 'text/html';
      ctx.body = page(title);
      return;
    }
    const asset = ctx.path.startsWith('/docs/') ? ctx.path.slice('/docs/'.length) : undefined;
    if (asset && assets[asset]) {
      ctx.type = assets[asset];
      ctx.set('cache-control', 'public, max-age=86400');
      ctx.body = await readFile(join(swaggerUiAssets(), asset));
      return;
    }
    return next();
  };
}
