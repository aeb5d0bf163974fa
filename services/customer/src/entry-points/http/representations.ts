import type { z } from 'zod';
import { consentChannels, type CatalogReward, type Consents, type Customer } from '@loyalty/db';
import type { HistoryEntry } from '@loyalty/tables';
import type { AvailableReward, CardSummary } from '../../domain/card-summary.js';
import type { ProgramListing } from '../../use-cases/discover-programs.js';
import { EXPIRING_WITHIN_DAYS } from '../../use-cases/card-summaries.js';
import type { cardView, catalogRewardView, consentsView, historyItemView, profileView, programView, rewardView } from './schemas.js';

const iso = (date: Date | null | undefined): string | null => (date ? new Date(date).toISOString() : null);

export function toProfileView(customer: Customer): z.infer<typeof profileView> {
  return {
    id: customer.id,
    email: customer.email ?? null,
    displayName: customer.displayName,
    phone: customer.phone ?? null,
    locale: customer.locale ?? null,
    createdAt: customer.createdAt.toISOString(),
  };
}

export function toConsentsView(consents: Consents): z.infer<typeof consentsView> {
  return Object.fromEntries(consentChannels.map((channel) => [channel, consents[channel] ?? null])) as z.infer<typeof consentsView>;
}

function toCatalogRewardView(reward: CatalogReward): z.infer<typeof catalogRewardView> {
  return {
    id: reward.id,
    name: reward.name,
    description: reward.description,
    cost: reward.cost,
    validFrom: iso(reward.validFrom),
    validUntil: iso(reward.validUntil),
    outOfStock: reward.stock !== null && reward.stock !== undefined && reward.stock <= 0,
  };
}

export function toProgramView({ program, terms, rewards, nearestStore }: ProgramListing): z.infer<typeof programView> {
  return {
    id: program.id,
    brandId: program.brandId,
    name: program.name,
    kind: program.kind,
    rules: terms,
    rewards: rewards.map(toCatalogRewardView),
    nearestStore: nearestStore && {
      ...nearestStore,
      address: { ...nearestStore.address } as Record<string, string>,
      distanceKm: Math.round(nearestStore.distanceKm * 1000) / 1000,
    },
  };
}

export function toRewardView(reward: AvailableReward): z.infer<typeof rewardView> {
  return reward.type === 'unlocked' ? { ...reward, unlockedAt: reward.unlockedAt.toISOString() } : { ...reward, validUntil: iso(reward.validUntil) };
}

export function toCardView(summary: CardSummary): z.infer<typeof cardView> {
  const { card, program } = summary;
  return {
    id: card.id,
    cardNumber: card.cardNumber,
    program: { id: program.id, name: program.name, kind: program.kind, status: program.status },
    balance: card.balance,
    status: card.status,
    tier: card.tier ?? null,
    progress: summary.progress,
    expiringSoon: summary.expiringSoon && {
      amount: summary.expiringSoon.points,
      earliestExpiry: summary.expiringSoon.earliest.toISOString(),
      withinDays: EXPIRING_WITHIN_DAYS,
    },
    completedCards: summary.completedCards,
    availableRewards: summary.availableRewards.map(toRewardView),
    createdAt: card.createdAt.toISOString(),
  };
}

export function toHistoryItemView(entry: HistoryEntry): z.infer<typeof historyItemView> {
  return {
    id: entry.transactionId,
    kind: entry.kind,
    status: entry.status,
    delta: entry.delta,
    balanceAfter: entry.balanceAfter,
    rejectionCode: entry.rejectionCode,
    amount: entry.amount,
    currency: entry.currency,
    store: entry.storeId && entry.storeName ? { id: entry.storeId, name: entry.storeName } : null,
    createdAt: new Date(entry.occurredAt).toISOString(),
  };
}
