import { pointsRules, stampRules, type Program, type Tier } from '@loyalty/db/model';

export type ProgramTerms =
  | { kind: 'stamp'; stampsRequired: number; rewardDescription: string }
  | { kind: 'points'; pointsPerUnit: number; currency: string; tiers: Tier[] };

/** The part of a program's rules a customer needs to know; the rest is the counter's business. */
export function programTerms(program: Program): ProgramTerms {
  if (program.kind === 'stamp') {
    const rules = stampRules.parse(program.rules);
    return { kind: 'stamp', stampsRequired: rules.stampsRequired, rewardDescription: rules.rewardDescription };
  }
  const rules = pointsRules.parse(program.rules);
  return { kind: 'points', pointsPerUnit: rules.pointsPerUnit, currency: rules.currency, tiers: rules.tiers };
}
