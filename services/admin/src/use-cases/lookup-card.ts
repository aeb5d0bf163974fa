import { verifyCardQr } from '@loyalty/contracts';
import { AppError } from '@loyalty/platform';
import { Card, Customer, Program, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff } from '../data-access/staff-access.js';
import { availableRewards, type AvailableReward } from '../data-access/available-rewards.js';
import { normalizeCardNumber } from '../domain/card-number.js';

export interface QrSettings {
  secret: string;
  maxAgeSeconds: number;
}

export interface CardAtCounter {
  card: Card;
  program: Program;
  customerDisplayName: string;
  availableRewards: AvailableReward[];
}

/** What the cashier sees after scanning or typing a card: balance, program, who it is, what they can redeem now. */
export async function lookUpCard(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  by: { number?: string | undefined; qr?: string | undefined },
  qr: QrSettings,
): Promise<CardAtCounter> {
  await requireStaff(em, principal, businessId, 'readTransactions');
  const card =
    by.qr !== undefined
      ? await em.findOne(Card, { id: scannedCardId(by.qr, qr), businessId })
      : await em.findOne(Card, { cardNumber: normalizeCardNumber(by.number ?? ''), businessId });
  if (!card) throw AppError.notFound('Card');
  const program = await em.findOneOrFail(Program, { id: card.programId });
  const customer = await em.findOneOrFail(Customer, { id: card.customerId });
  const redeemable = card.status === 'active' && (program.status === 'active' || program.status === 'paused');
  return { card, program, customerDisplayName: customer.displayName, availableRewards: redeemable ? await availableRewards(em, card) : [] };
}

function scannedCardId(payload: string, qr: QrSettings): string {
  const check = verifyCardQr(payload, qr.secret, qr.maxAgeSeconds);
  if (check.valid) return check.cardId;
  if (check.reason === 'expired') throw AppError.badRequest('QR_EXPIRED', 'This QR code is too old: ask the customer to refresh it in the app');
  throw AppError.badRequest('INVALID_QR', 'This is not a valid card QR code');
}
