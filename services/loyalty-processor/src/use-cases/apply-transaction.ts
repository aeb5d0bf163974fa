import type { EventType } from '@loyalty/contracts';
import { Card, LoyaltyTransaction, Program, type EntityManager, type TransactionKind } from '@loyalty/db';
import type { NewEvent } from '@loyalty/outbox';
import { openCardBook } from '../data-access/card-book.js';
import { withRules } from '../data-access/load-program.js';
import { openRulesUnit, type RulesUnit } from '../data-access/rules-unit.js';
import { lockForApply, type LockedForApply } from '../data-access/transactions.js';
import { admit } from '../domain/admission.js';
import { TransactionRejected } from '../domain/rejection.js';
import type { Application, Effect } from './application.js';
import { applyAdjustment } from './apply-adjustment.js';
import { applyBonus } from './apply-bonus.js';
import { applyPurchase } from './apply-purchase.js';
import { applyRedemption } from './apply-redemption.js';
import { applyRefund } from './apply-refund.js';
import { applyVisit } from './apply-visit.js';
import { applyVoid } from './apply-void.js';
import { evaluateTier } from './evaluate-tier.js';
import { settleTransaction } from './settle-transaction.js';
import { unlockFullCards } from './unlock-full-cards.js';

const rulesFor: Record<TransactionKind, (app: Application) => Promise<Effect>> = {
  visit: applyVisit,
  purchase: applyPurchase,
  redemption: applyRedemption,
  void: applyVoid,
  refund: applyRefund,
  adjustment: applyAdjustment,
  bonus: applyBonus,
};

/**
 * The one writer of balances. Runs inside the caller's database transaction (the inbox's): locks the
 * transaction and its card (a transaction already settled locks its card a moment for nothing), applies the kind's rules to the card's lots and ledger, moves the cached
 * balance by what it appended to the ledger, and settles the transaction (applied or rejected) with its events.
 * A transaction that is no longer pending was settled by an earlier delivery and is left alone.
 *
 * The rules run in a unit of work of their own (`openRulesUnit`), so a rule may reject after it has
 * changed lots, the ledger or the card: a savepoint takes back what reached the database, the
 * discarded unit of work what had not, and the rejection is recorded on the rows as they were. The
 * row locks stay with the caller's transaction, taken before any savepoint.
 */
export async function applyTransaction(em: EntityManager, transactionId: string, now: Date = new Date()): Promise<void> {
  const locked = await lockForApply(em, transactionId);
  if (!locked) throw new Error(`transaction ${transactionId} does not exist`);
  if (locked.transaction.status !== 'pending') return;
  const rules = openRulesUnit(em);
  try {
    await applyRules(rules, locked, now);
  } catch (error) {
    if (!(error instanceof TransactionRejected)) throw error;
    await rules.rollBack();
    const transaction = em.map(LoyaltyTransaction, { ...locked.transaction });
    const card = em.map(Card, { ...locked.card });
    await settleTransaction(em, transaction, card, { status: 'rejected', rejection: { code: error.code, detail: error.message } }, { events: [] }, now);
  }
}

async function applyRules({ em, decided }: RulesUnit, locked: LockedForApply, now: Date): Promise<void> {
  const transaction = em.map(LoyaltyTransaction, { ...locked.transaction });
  // Out of the unit of work like the book's lots: the settlement writes the card with them.
  const card = em.map(Card, { ...locked.card }, { disableIdentityMap: true });
  const program = withRules(em.map(Program, { ...locked.program }));
  const balanceBefore = card.balance;
  const events: NewEvent<EventType>[] = [];

  admit(transaction.kind, program.entity.status, card.status);
  const book = await openCardBook(em, card, transaction.id, now);
  const app: Application = { em, now, transaction, card, program, book, events };
  const effect = await rulesFor[transaction.kind](app);
  const rewardsUnlocked = program.kind === 'stamp' ? await unlockFullCards(app, program.rules) : undefined;
  decided();
  const closed = book.close();
  const tier = program.kind === 'points' ? await evaluateTier(app, program.rules) : undefined;
  const progress = program.kind === 'stamp' ? { stampsRequired: program.rules.stampsRequired, rewardsUnlocked } : { tier };
  await settleTransaction(
    em,
    transaction,
    card,
    { status: 'applied', result: { ...effect, delta: closed.balance - balanceBefore, balanceAfter: closed.balance, ...progress } },
    { events, book: closed },
    now,
  );
}
