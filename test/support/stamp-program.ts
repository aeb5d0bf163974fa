import { randomBytes } from 'node:crypto';
import { call } from './http.js';
import type { System } from './system.js';

export interface StampShop {
  staffToken: string;
  customerToken: string;
  customerEmail: string;
  businessId: string;
  brandId: string;
  storeId: string;
  programId: string;
  cardId: string;
}

/** The shape of a points program's rules as the API takes them (see `pointsRules`); defaults fill the rest. */
export interface PointsRulesInput {
  currency: string;
  pointsPerUnit: number;
  [rule: string]: unknown;
}

async function created(response: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

async function succeeded(response: Promise<{ status: number; body: Record<string, unknown> }>): Promise<void> {
  const { status, body } = await response;
  if (status !== 200) throw new Error(`expected 200, got ${status}: ${JSON.stringify(body)}`);
}

/** Staff set up a business with a brand, a store and an active program; a new customer enrolls. */
async function setUpProgram(system: System, program: { kind: 'stamp' | 'points'; name: string; rules: Record<string, unknown> }): Promise<StampShop> {
  const tag = randomBytes(3).toString('hex');
  const admin = system.admin.url;
  const staffToken = await system.staffToken(`owner-${tag}@cafe.test`);
  const businessId = await created(call(admin, 'POST', '/businesses', { token: staffToken, body: { name: `Cafe ${tag}` } }));
  const brandId = await created(call(admin, 'POST', `/businesses/${businessId}/brands`, { token: staffToken, body: { name: 'Cafe Uno' } }));
  const storeId = await created(
    call(admin, 'POST', `/businesses/${businessId}/stores`, { token: staffToken, body: { brandId, name: 'Main street', timeZone: 'Europe/Berlin' } }),
  );
  const programId = await created(call(admin, 'POST', `/businesses/${businessId}/programs`, { token: staffToken, body: { brandId, ...program } }));
  await succeeded(call(admin, 'POST', `/businesses/${businessId}/programs/${programId}/activate`, { token: staffToken }));
  const customerEmail = `customer-${tag}@example.com`;
  const customerToken = await system.customerToken(customerEmail);
  const cardId = await created(call(system.customer.url, 'POST', '/me/cards', { token: customerToken, body: { programId } }));
  return { staffToken, customerToken, customerEmail, businessId, brandId, storeId, programId, cardId };
}

export async function setUpStampProgram(system: System, program: { stampsRequired: number; reward: string }): Promise<StampShop> {
  return setUpProgram(system, { kind: 'stamp', name: 'Coffee Club', rules: { stampsRequired: program.stampsRequired, rewardDescription: program.reward } });
}

export async function setUpPointsProgram(system: System, rules: PointsRulesInput): Promise<StampShop> {
  return setUpProgram(system, { kind: 'points', name: 'Cafe Points', rules });
}

/** The card's cached balance next to what its ledger adds up to: they must always agree. */
export async function cardBalance(system: System, cardId: string): Promise<{ cached: number; ledger: number; entries: number }> {
  const em = system.admin.orm.em.fork();
  const [row] = await em.execute<{ cached: number; ledger: string | null; entries: string }[]>(
    `select c.balance as cached, (select sum(amount) from loyalty.ledger_entries l where l.card_id = c.id) as ledger,
            (select count(*) from loyalty.ledger_entries l where l.card_id = c.id) as entries
       from loyalty.cards c where c.id = ?`,
    [cardId],
  );
  if (!row) throw new Error(`card ${cardId} not found`);
  return { cached: Number(row.cached), ledger: Number(row.ledger ?? 0), entries: Number(row.entries) };
}
