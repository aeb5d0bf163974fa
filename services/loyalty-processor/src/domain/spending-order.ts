export interface OpenLot {
  id: string;
  remaining: number;
  expiresAt?: Date | null;
  createdAt: Date;
}

export interface Take {
  lotId: string;
  amount: number;
}

/** Earliest expiry first, never-expiring last, then by creation (ids break exact ties). */
export function compareForSpending(a: OpenLot, b: OpenLot): number {
  if (a.expiresAt && b.expiresAt && a.expiresAt.getTime() !== b.expiresAt.getTime()) return a.expiresAt.getTime() - b.expiresAt.getTime();
  if (a.expiresAt && !b.expiresAt) return -1;
  if (!a.expiresAt && b.expiresAt) return 1;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt.getTime() - b.createdAt.getTime();
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Which lots pay for `amount`: the preferred lots first (a reversal takes back from its own lot),
 * then the oldest. What the lots cannot cover is the shortfall.
 */
export function planTakes(lots: readonly OpenLot[], amount: number, preferredLotIds: readonly string[] = []): { takes: Take[]; shortfall: number } {
  const open = lots.filter((lot) => lot.remaining > 0);
  const preferred = open.filter((lot) => preferredLotIds.includes(lot.id));
  const others = open.filter((lot) => !preferredLotIds.includes(lot.id)).sort(compareForSpending);
  const takes: Take[] = [];
  let left = amount;
  for (const lot of [...preferred, ...others]) {
    if (left <= 0) break;
    const taken = Math.min(lot.remaining, left);
    takes.push({ lotId: lot.id, amount: taken });
    left -= taken;
  }
  return { takes, shortfall: left };
}
