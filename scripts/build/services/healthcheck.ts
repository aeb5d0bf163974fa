// Bundled to healthcheck.mjs beside each service: the images have no shell and no curl, so the
// container health check is `node /app/healthcheck.mjs`, on the PORT the process itself reads.
const port = process.env.PORT;
if (!port) {
  console.error('healthcheck: PORT is not set');
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3_000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
