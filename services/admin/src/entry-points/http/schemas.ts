import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const id = z.uuid();

export const businessBody = z.object({ name });
export const brandBody = z.object({ name });
export const storeBody = z.object({
  brandId: id,
  name,
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'an IANA time zone, e.g. Europe/Berlin')
    .meta({ example: 'Europe/Berlin' }),
});
export const stampProgramBody = z.object({
  brandId: id,
  name,
  stampsRequired: z.number().int().min(1).max(100),
  rewardDescription: z.string().trim().min(1).max(500),
});
export const visitBody = z.object({
  kind: z.literal('visit'),
  cardId: id,
  storeId: id,
  posTransactionId: z.string().trim().min(1).max(100).meta({ description: 'The POS system’s own id: the idempotency key, unique per business' }),
});
export const businessParams = z.object({ businessId: id });
export const transactionParams = businessParams.extend({ transactionId: id });
export const preferHeader = z.object({
  prefer: z.string().optional().meta({ description: 'RFC 7240 `wait=N`: answer once the transaction is applied, waiting at most N seconds' }),
});

export const businessView = z.object({ id, name }).meta({ id: 'Business' });
export const brandView = z.object({ id, name }).meta({ id: 'Brand' });
export const storeView = z.object({ id, brandId: id, name: z.string(), timeZone: z.string() }).meta({ id: 'Store' });
export const programView = z
  .object({ id, brandId: id, name: z.string(), kind: z.literal('stamp'), stampsRequired: z.number().int(), rewardDescription: z.string(), status: z.literal('active') })
  .meta({ id: 'Program' });
export const transactionView = z
  .object({
    id,
    kind: z.literal('visit'),
    status: z.enum(['pending', 'applied']),
    cardId: id,
    storeId: id,
    posTransactionId: z.string(),
    createdAt: z.iso.datetime(),
    appliedAt: z.iso.datetime().nullable(),
    result: z.object({ stamps: z.number().int(), stampsRequired: z.number().int(), rewardsUnlocked: z.number().int() }).nullable(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'Transaction' });

/** RFC 7240 `Prefer: wait=N`, capped by configuration. */
export function preferredWaitSeconds(prefer: string, maxSeconds: number): number {
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d+)"?/i.exec(prefer);
  return match ? Math.min(Number(match[1]), maxSeconds) : 0;
}
