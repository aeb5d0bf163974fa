import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';
import type { EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { queryAuditEntries, type AuditCategory, type AuditEntry, type AuditTable } from '@loyalty/tables';
import { requireStaff } from '../data-access/staff-access.js';

export interface AuditListQuery {
  category?: AuditCategory | undefined;
  actor?: string | undefined;
  /** A date (its UTC midnight) or a date-time; inclusive. */
  from?: string | undefined;
  /** Exclusive. */
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const position = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** One page of a business's audit trail from DynamoDB, newest first (owner, admin). */
export async function listAuditEntries(
  em: EntityManager,
  principal: Principal,
  table: AuditTable,
  businessId: string,
  query: AuditListQuery,
): Promise<Page<AuditEntry>> {
  await requireStaff(em, principal, businessId, 'readAudit');
  const after = decodeCursor(query.cursor, position);
  const rows = await queryAuditEntries(table, {
    businessId,
    category: query.category,
    actorId: query.actor,
    from: utc(query.from),
    to: utc(query.to),
    after,
    limit: query.limit + 1,
    now: new Date(),
  });
  return toPage(rows, query.limit, (last) => ({ at: last.at, id: last.id }));
}

// The table's sort key holds UTC ISO moments; a bound must be in the same form to compare as a string.
const utc = (moment: string | undefined) => (moment === undefined ? undefined : new Date(moment).toISOString());
