import { buildServices, serviceImages, servicesTable, type ServiceImage } from './services.js';

const names = serviceImages.map((service) => service.name);
const isServiceName = (name: string): name is ServiceImage['name'] => (names as readonly string[]).includes(name);

// `npm run build:services -- admin` builds one folder (a Dockerfile's build stage); no argument builds all.
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !isServiceName(name));
if (unknown.length > 0) {
  console.error(`Unknown service(s): ${unknown.join(', ')}. Known: ${names.join(', ')}`);
  process.exit(2);
}
const built = await buildServices({ only: asked.length > 0 ? asked.filter(isServiceName) : undefined });
console.log(servicesTable(built));
