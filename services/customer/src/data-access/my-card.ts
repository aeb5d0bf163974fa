import { AppError } from '@loyalty/platform';
import { Card, type Customer, type EntityManager } from '@loyalty/db';

/** Another customer's card answers exactly like a card that does not exist. */
export async function findMyCard(em: EntityManager, customer: Customer, cardId: string): Promise<Card> {
  const card = await em.findOne(Card, { id: cardId, customerId: customer.id });
  if (!card) throw AppError.notFound('Card');
  return card;
}
