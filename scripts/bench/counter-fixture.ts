import { randomBytes } from 'node:crypto';
import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ensureUser, signIn, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import { call } from '../../test/support/http.js';
import type { Apis } from '../local/services.js';

/** One business with one store, a 10-stamp program and `cards` cards, each its own customer's: what the load rings up. */
export interface Counter {
  staffToken: string;
  businessId: string;
  storeId: string;
  programId: string;
  cardIds: string[];
}

async function created(response: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

/** Set up through the APIs as staff and customers would, so every row is one the services wrote. */
export async function setUpCounter(apis: Apis, clients: AwsClients, provisioned: ProvisionedTopology, cards: number): Promise<Counter> {
  const tag = randomBytes(3).toString('hex');
  const { staff, customers } = provisioned.userPools;
  const owner = await ensureUser(clients.cognito, staff, `bench-owner-${tag}@cafe.test`);
  await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: staff.userPoolId, Username: owner.email, GroupName: 'owner' }));
  const staffToken = await signIn(clients.cognito, owner);
  const admin = (method: string, path: string, body?: unknown) => call(apis.admin, method, path, { token: staffToken, body });

  const businessId = await created(admin('POST', '/businesses', { name: `Bench cafe ${tag}` }));
  const brandId = await created(admin('POST', `/businesses/${businessId}/brands`, { name: 'Bench brand' }));
  const storeId = await created(admin('POST', `/businesses/${businessId}/stores`, { brandId, name: 'Main street', timeZone: 'Europe/Berlin' }));
  const programId = await created(
    admin('POST', `/businesses/${businessId}/programs`, {
      brandId,
      kind: 'stamp',
      name: 'Coffee Club',
      rules: { stampsRequired: 10, rewardDescription: 'A free flat white' },
    }),
  );
  const activated = await admin('POST', `/businesses/${businessId}/programs/${programId}/activate`);
  if (activated.status !== 200) throw new Error(`activating the program answered ${activated.status}: ${JSON.stringify(activated.body)}`);

  const cardIds: string[] = [];
  const enrolOne = async (index: number) => {
    const customer = await ensureUser(clients.cognito, customers, `bench-customer-${tag}-${index}@example.com`);
    const token = await signIn(clients.cognito, customer);
    cardIds.push(await created(call(apis.customer, 'POST', '/me/cards', { token, body: { programId } })));
  };
  for (let index = 0; index < cards; index += 4) await Promise.all(Array.from({ length: Math.min(4, cards - index) }, (_, offset) => enrolOne(index + offset)));
  return { staffToken, businessId, storeId, programId, cardIds };
}
