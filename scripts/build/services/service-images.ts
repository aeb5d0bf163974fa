/** What runs in a container: each built to `dist/<name>/`, copied to `/app` by `services/<name>/Dockerfile`. */
export interface ServiceImage {
  name: 'customer' | 'admin' | 'outbox-relay';
  /** The process entry, relative to the repository root. */
  entry: string;
  /** The service's default PORT, which its Dockerfile sets and exposes. */
  port: number;
  /** An API serves /docs, so its folder carries the Swagger UI assets. */
  servesDocs: boolean;
}

export const serviceImages: readonly ServiceImage[] = [
  { name: 'customer', entry: 'services/customer/src/main.ts', port: 3001, servesDocs: true },
  { name: 'admin', entry: 'services/admin/src/main.ts', port: 3002, servesDocs: true },
  { name: 'outbox-relay', entry: 'services/outbox-relay/src/main.ts', port: 3003, servesDocs: false },
];

/** The files every built folder holds at its root, the ones a Dockerfile's CMD and HEALTHCHECK name. */
export const BUILT_ENTRY = 'main.mjs';
export const BUILT_HEALTHCHECK = 'healthcheck.mjs';
export const SWAGGER_UI_FOLDER = 'swagger-ui';
