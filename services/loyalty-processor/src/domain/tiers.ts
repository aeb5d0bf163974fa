import type { Tier } from '@loyalty/db/model';
import { addDays } from './expiry-date.js';

/** The highest tier the points earned in the window reach; null below the first. */
export function tierFor(tiers: readonly Tier[], pointsEarned: number): Tier | null {
  let reached: Tier | null = null;
  for (const tier of tiers) if (tier.minPointsEarned <= pointsEarned) reached = tier;
  return reached;
}

export function tierWindowStart(now: Date, tierWindowDays: number): Date {
  return addDays(now, -tierWindowDays);
}

export function tierMultiplier(tiers: readonly Tier[], tierName: string | null): number {
  return tiers.find((tier) => tier.name === tierName)?.multiplier ?? 1;
}
