import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ensureUser, signIn, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import type { Apis } from '../local/services.js';
import { created } from './http.js';

/** The workload's rules, kept simple enough for the client to compute every balance by hand. */
export const RULES = {
  stampsRequired: 10,
  /** Points per whole euro, rounded down. */
  pointsPerUnit: 1,
  catalogRewardCost: 20,
} as const;

export interface Card {
  id: string;
  number: string;
  kind: 'stamp' | 'points';
  customerEmail: string;
}

export interface Shop {
  businessId: string;
  storeId: string;
  staffToken: string;
  /** The store's POS API key: what the till sends every write with. */
  apiKey: string;
  stampProgramId: string;
  pointsProgramId: string;
  catalogRewardId: string;
  cards: Card[];
}

/** One business, one store, a stamp and a points program, and `cards` customers split between them. */
export async function setUpShop(apis: Apis, clients: AwsClients, topology: ProvisionedTopology, cards: number, tag: string): Promise<Shop> {
  const { staff, customers } = topology.userPools;
  const ownerEmail = `owner-${tag}@chaos.test`;
  await ensureUser(clients.cognito, staff, ownerEmail);
  await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: staff.userPoolId, Username: ownerEmail, GroupName: 'owner' }));
  const staffToken = await signIn(clients.cognito, await ensureUser(clients.cognito, staff, ownerEmail));
  const admin = (path: string, body: unknown, expected = 201) => created(`${apis.admin}${path}`, { token: staffToken, body }, expected);

  const businessId = String((await admin('/businesses', { name: `Chaos ${tag}` })).id);
  const brandId = String((await admin(`/businesses/${businessId}/brands`, { name: 'Chaos Coffee' })).id);
  const storeId = String((await admin(`/businesses/${businessId}/stores`, { brandId, name: 'Main street', timeZone: 'Europe/Berlin' })).id);
  const stampProgramId = String(
    (
      await admin(`/businesses/${businessId}/programs`, {
        brandId,
        kind: 'stamp',
        name: 'Coffee Club',
        rules: { stampsRequired: RULES.stampsRequired, rewardDescription: 'A free coffee' },
      })
    ).id,
  );
  const pointsProgramId = String(
    (
      await admin(`/businesses/${businessId}/programs`, {
        brandId,
        kind: 'points',
        name: 'Chaos Points',
        rules: { currency: 'EUR', pointsPerUnit: RULES.pointsPerUnit, rounding: 'down' },
      })
    ).id,
  );
  for (const programId of [stampProgramId, pointsProgramId]) await admin(`/businesses/${businessId}/programs/${programId}/activate`, undefined, 200);
  const catalogRewardId = String(
    (await admin(`/businesses/${businessId}/programs/${pointsProgramId}/rewards`, { name: 'Free cake', cost: RULES.catalogRewardCost })).id,
  );
  const apiKey = String((await admin(`/businesses/${businessId}/stores/${storeId}/api-keys`, { name: 'Till 1' })).key);

  const enrol = async (index: number): Promise<Card> => {
    const kind = index % 2 === 0 ? 'stamp' : 'points';
    const customerEmail = `customer-${tag}-${index}@chaos.test`;
    const token = await signIn(clients.cognito, await ensureUser(clients.cognito, customers, customerEmail));
    const card = await created(`${apis.customer}/me/cards`, { token, body: { programId: kind === 'stamp' ? stampProgramId : pointsProgramId } });
    return { id: String(card.id), number: String(card.cardNumber), kind, customerEmail };
  };
  const enrolled: Card[] = [];
  for (let first = 0; first < cards; first += 8) {
    enrolled.push(...(await Promise.all(Array.from({ length: Math.min(8, cards - first) }, (_, offset) => enrol(first + offset)))));
  }
  return { businessId, storeId, staffToken, apiKey, stampProgramId, pointsProgramId, catalogRewardId, cards: enrolled };
}
