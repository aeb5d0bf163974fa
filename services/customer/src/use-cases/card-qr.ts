import { signCardQr } from '@loyalty/contracts';
import { AppError } from '@loyalty/platform';
import type { Customer, EntityManager } from '@loyalty/db';
import { findMyCard } from '../data-access/my-card.js';

export interface QrSettings {
  secret: string;
  maxAgeSeconds: number;
}

export async function cardQr(
  em: EntityManager,
  customer: Customer,
  cardId: string,
  qr: QrSettings,
  now = new Date(),
): Promise<{ payload: string; expiresAt: Date }> {
  const card = await findMyCard(em, customer, cardId);
  if (card.status === 'closed') throw AppError.conflict('CARD_CLOSED', 'This card is closed');
  return { payload: signCardQr(card.id, qr.secret, now), expiresAt: new Date(now.getTime() + qr.maxAgeSeconds * 1000) };
}
