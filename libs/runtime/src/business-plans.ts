import type { MikroORM } from '@loyalty/db';
import type { Plan } from '@loyalty/guard';

/**
 * A business's plan for its rate limit, read at most once a minute per process: a plan change
 * may take that long to lift the limit, which is cheaper than a query on every request.
 */
export function businessPlans(orm: MikroORM, maxAgeMs = 60_000): (businessId: string) => Promise<Plan> {
  const known = new Map<string, { plan: Plan; at: number }>();
  return async (businessId) => {
    const hit = known.get(businessId);
    if (hit && Date.now() - hit.at < maxAgeMs) return hit.plan;
    const rows = await orm.em.fork().getConnection().execute<{ plan: string }[]>('select plan from business.businesses where id = ?', [businessId]);
    const plan: Plan = rows[0]?.plan === 'pro' ? 'pro' : 'standard';
    known.set(businessId, { plan, at: Date.now() });
    return plan;
  };
}
