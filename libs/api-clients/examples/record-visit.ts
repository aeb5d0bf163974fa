import type { operations as AdminOperations } from '../src/admin.js';
import type { operations as CustomerOperations } from '../src/customer.js';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

type RecordTransaction = AdminOperations['recordTransaction'];
export type TransactionRequest = JsonOf<RecordTransaction['requestBody']>;
export type Transaction = JsonOf<RecordTransaction['responses'][200]>;
export type Card = JsonOf<CustomerOperations['getCard']['responses'][200]>;

export interface Visit {
  adminUrl: string;
  customerUrl: string;
  /** A staff access token, or use `x-api-key` with a POS key of the store. */
  staffToken: string;
  customerToken: string;
  businessId: string;
  storeId: string;
  cardId: string;
}

/** The counter records a visit and waits for the processor; then the customer's app reads the card. */
export async function recordVisitAndReadCard(visit: Visit): Promise<{ transaction: Transaction; card: Card }> {
  const request: TransactionRequest = { kind: 'visit', cardId: visit.cardId, storeId: visit.storeId, posTransactionId: `till-1-${crypto.randomUUID()}` };
  const recorded = await fetch(`${visit.adminUrl}/businesses/${visit.businessId}/transactions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${visit.staffToken}`, 'content-type': 'application/json', prefer: 'wait=5' },
    body: JSON.stringify(request),
  });
  if (recorded.status !== 200) throw new Error(`recordTransaction answered ${recorded.status}: ${await recorded.text()}`);
  const transaction = (await recorded.json()) as Transaction;

  const read = await fetch(`${visit.customerUrl}/me/cards/${visit.cardId}`, { headers: { authorization: `Bearer ${visit.customerToken}` } });
  if (read.status !== 200) throw new Error(`getCard answered ${read.status}: ${await read.text()}`);
  return { transaction, card: (await read.json()) as Card };
}
