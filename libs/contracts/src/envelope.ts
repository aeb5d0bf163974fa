import { z } from 'zod';

export const topicNames = ['customer', 'business', 'loyalty', 'export'] as const;
export type TopicName = (typeof topicNames)[number];

/** The one envelope every event travels in, whatever its type. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  businessId: z.uuid(),
  aggregate: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  payload: z.unknown(),
});

export type Envelope<TType extends string = string, TPayload = unknown> = Omit<z.infer<typeof envelopeSchema>, 'type' | 'payload'> & {
  type: TType;
  payload: TPayload;
};
