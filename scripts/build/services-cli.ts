import { formatTable } from '../shared/table.js';
import { buildServices } from './services.js';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const built = await buildServices();
console.log(
  formatTable(
    'Container services (dist/<service>/, copied to /app by services/<service>/Dockerfile)',
    ['service', 'folder MiB', 'build ms'],
    built.map((service) => [service.name, mib(service.bytes), String(service.buildMs)]),
  ),
);
