import { randomBytes } from 'node:crypto';
import { call } from './http.js';
import { startApp, type AppUnderTest } from './served-apps.js';
import type { System } from './system.js';

export type CustomerAppUnderTest = AppUnderTest;

/** The customer app built as for production, served on a free port, talking to the real system, whose CORS allows it. */
export function startCustomerApp(): Promise<CustomerAppUnderTest> {
  return startApp('customer', { processors: false });
}

export interface Shop {
  staffToken: string;
  businessId: string;
  programId: string;
  programName: string;
  location: { latitude: number; longitude: number };
}

/** An owner opens a coffee shop with a located store and an active stamp program, through the admin API. */
export async function openShop(system: System, location = { latitude: 52.52, longitude: 13.405 }): Promise<Shop> {
  const tag = randomBytes(3).toString('hex');
  const staffToken = await system.staffToken(`owner-${tag}@cafe.test`);
  const post = async (path: string, body?: unknown) => {
    const answer = await call(system.admin.url, 'POST', path, { token: staffToken, body });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return String(answer.body.id);
  };
  const businessId = await post('/businesses', { name: `Cafe ${tag}` });
  const brandId = await post(`/businesses/${businessId}/brands`, { name: `Bean There ${tag}` });
  await post(`/businesses/${businessId}/stores`, { brandId, name: 'Alexanderplatz', timeZone: 'Europe/Berlin', ...location });
  const programName = `Coffee Club ${tag}`;
  const programId = await post(`/businesses/${businessId}/programs`, {
    brandId,
    kind: 'stamp',
    name: programName,
    rules: { stampsRequired: 8, rewardDescription: 'A free coffee' },
  });
  await post(`/businesses/${businessId}/programs/${programId}/activate`);
  return { staffToken, businessId, programId, programName, location };
}
