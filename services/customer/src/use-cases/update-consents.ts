import type { Consents, Customer, EntityManager } from '@loyalty/db';
import { applyConsentChoices, type ConsentChoices } from '../domain/consents.js';

export async function updateConsents(em: EntityManager, customer: Customer, choices: ConsentChoices, now = new Date()): Promise<Consents> {
  customer.consents = applyConsentChoices(customer.consents, choices, now);
  await em.flush();
  return customer.consents;
}
