import { reject } from './rejection.js';

export interface CatalogOffer {
  name: string;
  cost: number;
  validFrom: Date | null;
  validUntil: Date | null;
  stock: number | null;
  perCustomerLimit: number | null;
  status: 'active' | 'archived';
}

export interface RedeemingCard {
  balance: number;
  /** Redemptions of this catalog reward on the card that still stand (not voided). */
  alreadyRedeemed: number;
}

/** The catalog reward's checks, in the order the cashier hears about them. */
export function checkCatalogRedemption(offer: CatalogOffer, card: RedeemingCard, now: Date): void {
  if (offer.status !== 'active') reject('REWARD_NOT_AVAILABLE', `${offer.name} is archived`);
  if (card.balance < offer.cost) reject('INSUFFICIENT_BALANCE', `${offer.name} costs ${offer.cost}, the card holds ${card.balance}`);
  const started = offer.validFrom === null || offer.validFrom <= now;
  const notOver = offer.validUntil === null || now <= offer.validUntil;
  if (!started || !notOver) reject('REWARD_NOT_AVAILABLE', `${offer.name} is not offered at this time`);
  if (offer.stock !== null && offer.stock <= 0) reject('OUT_OF_STOCK', `${offer.name} is out of stock`);
  if (offer.perCustomerLimit !== null && card.alreadyRedeemed >= offer.perCustomerLimit) {
    reject('REWARD_LIMIT_REACHED', `${offer.name} can be redeemed ${offer.perCustomerLimit} time(s) per customer`);
  }
}
