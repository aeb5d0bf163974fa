/** The day after a `YYYY-MM-DD` UTC day: the APIs' `to` is exclusive, the forms ask for the last day included. */
export function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
