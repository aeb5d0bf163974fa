import type { Customer, EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { writeEvent } from '@loyalty/outbox';
import type { AccountRemover } from '../data-access/cognito-accounts.js';

export const DELETED_DISPLAY_NAME = 'Deleted customer';

/**
 * Erases who I am and keeps what happened: the ledger, transactions and rewards stay (a business's
 * books must still add up), tied to an anonymous customer row.
 *
 * The Cognito account is removed last, inside the database transaction: if Cognito fails, nothing is
 * committed and the customer can simply try again with a working login. The reverse order could
 * leave someone unable to sign in with their personal data still here. What remains is a commit
 * failing after Cognito said yes: then the data is still here but the login is gone, which support
 * can resolve; we prefer that to the opposite.
 */
export async function deleteAccount(
  em: EntityManager,
  customer: Customer,
  principal: Principal,
  removeAccount: AccountRemover,
  now = new Date(),
): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(
      `update customer.customers set email = null, display_name = ?, phone = null, locale = null, consents = '{}', deleted_at = ? where id = ?`,
      [DELETED_DISPLAY_NAME, now, customer.id],
    );
    const businesses = await tx.execute<{ business_id: string }[]>(`update loyalty.cards set status = 'closed' where customer_id = ? returning business_id`, [
      customer.id,
    ]);
    await tx.execute(
      `update loyalty.redemption_codes set expires_at = ? where card_id in (select id from loyalty.cards where customer_id = ?) and used_at is null and expires_at > ?`,
      [now, customer.id, now],
    );
    // Events are per tenant: every business that held a card hears of it, so its consumers can forget me too.
    for (const businessId of new Set(businesses.map((b) => b.business_id))) {
      await writeEvent(tx, {
        type: 'customer.deleted',
        businessId,
        aggregateId: customer.id,
        payload: { customerId: customer.id, deletedAt: now.toISOString() },
      });
    }
    await removeAccount(principal.username);
  });
}
