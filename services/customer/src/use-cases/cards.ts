import { randomInt, randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Card, Program, type Customer, type EntityManager } from '@loyalty/db';

export async function listActivePrograms(em: EntityManager): Promise<Program[]> {
  return em.find(Program, { status: 'active' }, { orderBy: { createdAt: 'asc' }, limit: 100 });
}

/** Enrolling twice in one program returns the card the customer already has. */
export async function enroll(em: EntityManager, customer: Customer, programId: string): Promise<{ card: Card; created: boolean }> {
  const program = await em.findOne(Program, { id: programId, status: 'active' });
  if (!program) throw AppError.notFound('Program');
  const existing = await em.findOne(Card, { programId, customerId: customer.id });
  if (existing) return { card: existing, created: false };
  const inserted = await em.execute<{ id: string }[]>(
    `insert into loyalty.cards (id, business_id, program_id, customer_id, card_number) values (?, ?, ?, ?, ?)
     on conflict (program_id, customer_id) do nothing returning id`,
    [randomUUID(), program.businessId, program.id, customer.id, newCardNumber()],
  );
  const card = await em.findOneOrFail(Card, { programId, customerId: customer.id });
  return { card, created: inserted.length > 0 };
}

export async function myCards(em: EntityManager, customer: Customer): Promise<{ card: Card; program: Program }[]> {
  const cards = await em.find(Card, { customerId: customer.id }, { orderBy: { createdAt: 'asc' } });
  const programs = await em.find(Program, { id: { $in: cards.map((c) => c.programId) } });
  const byId = new Map(programs.map((p) => [p.id, p]));
  return cards.map((card) => ({ card, program: byId.get(card.programId)! }));
}

/** 16 digits, grouped like a payment card so staff can read it aloud; uniqueness is the database's job. */
function newCardNumber(): string {
  return Array.from({ length: 4 }, () => String(randomInt(0, 10_000)).padStart(4, '0')).join('-');
}
