/** How many full cards a balance holds: each becomes a reward, the stamps beyond carry over. */
export function fullCards(balance: number, stampsRequired: number): number {
  return Math.floor(balance / stampsRequired);
}
