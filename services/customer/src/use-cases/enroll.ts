import { randomInt, randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Card, Program, type Customer, type EntityManager } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';

/**
 * Enrolling twice in one program returns the card the customer already has and emits nothing more;
 * a new card and its `card.enrolled` (which brings the enrolment bonus) commit together.
 */
export async function enroll(em: EntityManager, customer: Customer, programId: string): Promise<{ card: Card; created: boolean }> {
  const program = await em.findOne(Program, { id: programId });
  if (!program) throw AppError.notFound('Program');
  const existing = await em.findOne(Card, { programId, customerId: customer.id });
  if (existing) return { card: existing, created: false };
  if (program.status !== 'active') throw AppError.conflict('PROGRAM_NOT_ACTIVE', `The program is ${program.status} and does not enroll customers`);

  return em.transactional(async (tx) => {
    const inserted = await tx.execute<{ id: string; created_at: string }[]>(
      `insert into loyalty.cards (id, business_id, program_id, customer_id, card_number) values (?, ?, ?, ?, ?)
       on conflict (program_id, customer_id) do nothing returning id, created_at`,
      [randomUUID(), program.businessId, program.id, customer.id, newCardNumber()],
    );
    const card = await tx.findOneOrFail(Card, { programId, customerId: customer.id });
    const row = inserted[0];
    if (!row) return { card, created: false };
    await writeEvent(tx, {
      type: 'card.enrolled',
      businessId: program.businessId,
      aggregateId: card.id,
      payload: { cardId: card.id, programId: program.id, customerId: customer.id, enrolledAt: new Date(row.created_at).toISOString() },
    });
    return { card, created: true };
  });
}

/** 16 digits, grouped like a payment card so staff can read it aloud; uniqueness is the database's job. */
function newCardNumber(): string {
  return Array.from({ length: 4 }, () => String(randomInt(0, 10_000)).padStart(4, '0')).join('-');
}
