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

async function created(response: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

/** Staff set up a business with a brand, a store and a stamp program; a new customer enrolls. */
export async function setUpStampProgram(system: System, program: { stampsRequired: number; reward: string }): Promise<StampShop> {
  const tag = randomBytes(3).toString('hex');
  const admin = system.admin.url;
  const staffToken = await system.staffToken(`owner-${tag}@cafe.test`);
  const businessId = await created(call(admin, 'POST', '/businesses', { token: staffToken, body: { name: `Cafe ${tag}` } }));
  const brandId = await created(call(admin, 'POST', `/businesses/${businessId}/brands`, { token: staffToken, body: { name: 'Cafe Uno' } }));
  const storeId = await created(call(admin, 'POST', `/businesses/${businessId}/stores`, { token: staffToken, body: { brandId, name: 'Main street', timeZone: 'Europe/Berlin' } }));
  const programId = await created(
    call(admin, 'POST', `/businesses/${businessId}/programs`, {
      token: staffToken,
      body: { brandId, name: 'Coffee Club', stampsRequired: program.stampsRequired, rewardDescription: program.reward },
    }),
  );
  const customerEmail = `customer-${tag}@example.com`;
  const customerToken = await system.customerToken(customerEmail);
  const cardId = await created(call(system.customer.url, 'POST', '/me/cards', { token: customerToken, body: { programId } }));
  return { staffToken, customerToken, customerEmail, businessId, brandId, storeId, programId, cardId };
}

/** The card's cached stamp count next to what its ledger adds up to: they must always agree. */
export async function cardBalance(system: System, cardId: string): Promise<{ cached: number; ledger: number; entries: number }> {
  const em = system.admin.orm.em.fork();
  const [row] = await em.execute<{ cached: number; ledger: string | null; entries: string }[]>(
    `select c.stamps as cached, (select sum(stamps) from loyalty.ledger_entries l where l.card_id = c.id) as ledger,
            (select count(*) from loyalty.ledger_entries l where l.card_id = c.id) as entries
       from loyalty.cards c where c.id = ?`,
    [cardId],
  );
  if (!row) throw new Error(`card ${cardId} not found`);
  return { cached: Number(row.cached), ledger: Number(row.ledger ?? 0), entries: Number(row.entries) };
}
