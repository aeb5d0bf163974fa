import type { EventPayload } from '@loyalty/contracts';
import { Card, type EntityManager } from '@loyalty/db';
import { uuidv7 } from '@loyalty/outbox';
import { loadProgram } from '../data-access/load-program.js';
import { applyTransaction } from './apply-transaction.js';

export const enrolmentPosTransactionId = (cardId: string): string => `enrolment:${cardId}`;

/**
 * A points program's welcome bonus, once per card: the bonus transaction's POS id is derived from the
 * card, so a second delivery (or a second consumer) finds the row already there.
 */
export async function grantEnrolmentBonus(em: EntityManager, enrolled: EventPayload<'card.enrolled'>, now: Date = new Date()): Promise<void> {
  const program = await loadProgram(em, enrolled.programId);
  if (program.kind !== 'points' || program.rules.enrolmentBonus === 0) return;
  const card = await em.findOneOrFail(Card, { id: enrolled.cardId });
  await em.execute(
    `insert into loyalty.transactions (id, business_id, card_id, kind, pos_transaction_id, status, details, recorded_by, created_at)
     values (?, ?, ?, 'bonus', ?, 'pending', ?::jsonb, 'loyalty-processor', ?)
     on conflict (business_id, pos_transaction_id) do nothing`,
    [
      uuidv7(now.getTime()),
      card.businessId,
      card.id,
      enrolmentPosTransactionId(card.id),
      JSON.stringify({ points: program.rules.enrolmentBonus, reason: 'enrolment' }),
      now,
    ],
  );
  const [row] = await em.execute<{ id: string }[]>('select id from loyalty.transactions where business_id = ? and pos_transaction_id = ?', [
    card.businessId,
    enrolmentPosTransactionId(card.id),
  ]);
  if (row) await applyTransaction(em, row.id, now);
}
