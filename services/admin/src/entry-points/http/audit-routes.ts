import type { z } from 'zod';
import type { AuditEntry, AuditTable } from '@loyalty/tables';
import { listAuditEntries } from '../../use-cases/audit-log.js';
import { type auditEntryView, auditPage, auditQuery } from './audit-schemas.js';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

/** The audit trail the audit writer keeps in DynamoDB: security events and staff actions (owner, admin). */
export function addAuditRoutes(api: AdminApi, deps: { audit: AuditTable }): void {
  api.add({
    method: 'get',
    path: '/businesses/{businessId}/audit',
    operationId: 'listAuditEntries',
    summary: 'The audit trail: security events and staff actions, newest first (owner, admin)',
    description:
      'Owners and admins. One page of the business’s audit entries, newest first; narrow it by `category`, `actor` and a time range (`from` inclusive, `to` exclusive), and follow `nextCursor` with the same filters. ' +
      'Entries are kept for their category’s retention (security events 400 days, staff actions 2 years by default) and written a moment after the event, by the audit writer. ' +
      'Events of no business (a customer’s sign-in) are not listed here.',
    tags: ['audit'],
    params: businessParams,
    query: auditQuery,
    responses: { 200: { description: 'A page of audit entries', body: auditPage } },
    problems: { 400: 'INVALID_CURSOR', 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const page = await listAuditEntries(ctx.state.em, ctx.state.principal, deps.audit, params.businessId, query);
      ctx.body = { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  });
}

const view = (entry: AuditEntry): z.infer<typeof auditEntryView> => ({
  id: entry.id,
  category: entry.category,
  action: entry.action,
  at: entry.at,
  actor: entry.actor,
  target: entry.target,
  ip: entry.ip,
  userAgent: entry.userAgent,
  details: entry.details,
  correlationId: entry.correlationId,
});
