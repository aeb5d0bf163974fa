export interface StampOutcome {
  /** Ledger movements, in order: stamps earned, then stamps converted into rewards (negative). */
  movements: { kind: 'stamp.earned' | 'stamps.converted'; stamps: number }[];
  stampsAfter: number;
  rewardsUnlocked: number;
}

/**
 * Adds stamps to a card. Every full card becomes one reward and its stamps are converted out of the
 * balance; stamps beyond a full card carry over, so no stamp is ever lost or counted twice.
 */
export function addStamps(stampsBefore: number, earned: number, stampsRequired: number): StampOutcome {
  const total = stampsBefore + earned;
  const rewardsUnlocked = Math.floor(total / stampsRequired);
  const movements: StampOutcome['movements'] = [{ kind: 'stamp.earned', stamps: earned }];
  if (rewardsUnlocked > 0) movements.push({ kind: 'stamps.converted', stamps: -rewardsUnlocked * stampsRequired });
  return { movements, stampsAfter: total - rewardsUnlocked * stampsRequired, rewardsUnlocked };
}
