import { z } from 'zod';

const name = z.string().trim().min(1).max(200);

export const businessBody = z.object({ name });
export const brandBody = z.object({ name });
export const storeBody = z.object({
  brandId: z.uuid(),
  name,
  timeZone: z.string().refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'an IANA time zone, e.g. Europe/Berlin'),
});
export const stampProgramBody = z.object({
  brandId: z.uuid(),
  name,
  stampsRequired: z.number().int().min(1).max(100),
  rewardDescription: z.string().trim().min(1).max(500),
});
export const visitBody = z.object({
  kind: z.literal('visit'),
  cardId: z.uuid(),
  storeId: z.uuid(),
  posTransactionId: z.string().trim().min(1).max(100),
});
export const businessParams = z.object({ businessId: z.uuid() });
export const transactionParams = businessParams.extend({ transactionId: z.uuid() });

/** RFC 7240 `Prefer: wait=N`, capped by configuration. */
export function preferredWaitSeconds(prefer: string, maxSeconds: number): number {
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d+)"?/i.exec(prefer);
  return match ? Math.min(Number(match[1]), maxSeconds) : 0;
}
