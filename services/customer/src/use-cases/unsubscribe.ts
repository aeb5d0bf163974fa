import { AppError } from '@loyalty/platform';
import { verifyUnsubscribeToken } from '@loyalty/contracts';
import { Customer, type EntityManager } from '@loyalty/db';
import { applyConsentChoices } from '../domain/consents.js';

/**
 * Withdraws marketing consent for the customer the link names. Consent is the customer's, not per
 * business, so one click stops every business's campaigns; repeating it changes nothing.
 */
export async function unsubscribe(em: EntityManager, token: string, secret: string, now = new Date()): Promise<void> {
  const check = verifyUnsubscribeToken(token, secret);
  if (!check.valid) throw AppError.badRequest('INVALID_UNSUBSCRIBE_LINK', 'This unsubscribe link is not one we sent');
  const customer = await em.findOne(Customer, { id: check.customerId });
  if (!customer) throw AppError.notFound('Customer');
  customer.consents = applyConsentChoices(customer.consents, { marketing: false }, now);
  await em.flush();
}
