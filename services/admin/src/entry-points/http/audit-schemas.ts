import { z } from 'zod';
import { pageOf, pageQuery } from '@loyalty/platform';
import { auditCategories } from '@loyalty/tables';

const moment = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .meta({ description: 'A date (the UTC day from 00:00) or a date-time with its offset', example: '2026-11-01' });

export const auditQuery = pageQuery
  .extend({
    category: z.enum(auditCategories).optional().meta({ description: '`security` (sign-ins, keys, roles) or `staff_action` (changes staff made)' }),
    actor: z.string().min(1).max(200).optional().meta({ description: 'Only what this actor did: a Cognito sub or an API key id' }),
    from: moment.optional().meta({ description: 'Entries from this moment on (inclusive)' }),
    to: moment.optional().meta({ description: 'Entries before this moment (exclusive)' }),
  })
  .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), { path: ['to'], message: 'must be after from' });

export const auditEntryView = z
  .object({
    id: z.uuid().meta({ description: 'The id of the event that recorded it' }),
    category: z.enum(auditCategories),
    action: z.string().meta({ example: 'program.pause' }),
    at: z.iso.datetime(),
    actor: z.object({
      type: z.string().meta({ description: 'customer, staff, api_key, system or anonymous' }),
      id: z.string().nullable().meta({ description: 'Cognito sub or API key id; null when unknown (a failed sign-in for an unknown account)' }),
      username: z.string().nullable(),
    }),
    target: z
      .object({ type: z.string(), id: z.string() })
      .nullable()
      .meta({ description: 'What was acted on: the subject of a security event, the resource of a staff action' }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    correlationId: z.string().meta({ description: 'The x-correlation-id of the request that did it' }),
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = pageOf(auditEntryView).meta({ id: 'AuditPage' });
