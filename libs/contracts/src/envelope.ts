import { z } from 'zod';

export const topicNames = ['customer', 'business', 'loyalty', 'export'] as const;
export type TopicName = (typeof topicNames)[number];

/** The one envelope every event travels in, whatever its type. */
export const envelopeSchema = z.object({
  id: z.uuid().meta({ description: 'UUIDv7; consumers dedupe on it' }),
  type: z.string().min(1),
  version: z.number().int().positive().meta({ description: 'Of the payload schema; consumers reject versions they do not know' }),
  occurredAt: z.iso.datetime({ offset: true }),
  businessId: z.uuid().meta({ description: 'The tenant; 00000000-0000-0000-0000-000000000000 for events of no business' }),
  aggregate: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  correlationId: z.string().min(1).meta({ description: 'From the x-correlation-id of the request that started the chain, kept by every hop' }),
  causationId: z.string().min(1).nullable().meta({ description: 'The id of the event whose handling wrote this one' }),
  payload: z.unknown(),
});

export type Envelope<TType extends string = string, TPayload = unknown> = Omit<z.infer<typeof envelopeSchema>, 'type' | 'payload'> & {
  type: TType;
  payload: TPayload;
};
