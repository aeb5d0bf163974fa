import { AppError } from '@loyalty/platform';
import type { EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { storeTotalsOf, summaryOf, type AnalyticsFilter } from '@loyalty/db/analytics';
import { insightsOf } from '../data-access/insight-queries.js';
import { requireStaff, requireStoreAccess } from '../data-access/staff-access.js';

/** Who may read analytics: the same staff as every other read of the business. */
const permission = 'readConfiguration';

/**
 * The totals and the day series of a range, from the aggregates. Staff limited to some stores read
 * one of their stores at a time: a business-wide figure would show the stores they may not see.
 */
export async function analyticsSummary(em: EntityManager, principal: Principal, filter: AnalyticsFilter) {
  const member = await requireStaff(em, principal, filter.businessId, permission);
  if (member.storeIds) {
    if (!filter.storeId)
      throw new AppError({ code: 'STORE_NOT_ALLOWED', status: 403, detail: 'You are assigned to some stores only: ask for one of them (storeId)' });
    requireStoreAccess(member, filter.storeId);
  }
  return summaryOf(em, filter);
}

/** Every store side by side over the range; store-limited staff see their stores only. */
export async function analyticsStores(em: EntityManager, principal: Principal, filter: Omit<AnalyticsFilter, 'storeId'>) {
  const member = await requireStaff(em, principal, filter.businessId, permission);
  return storeTotalsOf(em, filter, member.storeIds ?? null);
}

/** What the scheduled job last computed for the program; insights span every store, so store-limited staff cannot read them. */
export async function customerInsights(em: EntityManager, principal: Principal, businessId: string, programId: string) {
  const member = await requireStaff(em, principal, businessId, permission);
  if (member.storeIds) throw new AppError({ code: 'STORE_NOT_ALLOWED', status: 403, detail: 'Customer insights span every store of the program' });
  const [program] = await em.execute<{ id: string }[]>('select id from loyalty.programs where id = ? and business_id = ?', [programId, businessId]);
  if (!program) throw AppError.notFound('Program');
  return insightsOf(em, programId);
}
