import { rebuildAggregates } from '../../services/analytics/src/use-cases/rebuild-aggregates.js';
import { call } from '../../test/support/http.js';
import { setUpStampProgram } from '../../test/support/stamp-program.js';
import { startSystem } from '../../test/support/system.js';
import { runLoad } from './load.js';
import { summarize, type LatencySummary } from './stats.js';

export interface AnalyticsBenchOptions {
  cards: number;
  days: number;
  requests: number;
  log: (line: string) => void;
}

export interface AnalyticsBenchResult {
  cards: number;
  transactions: number;
  cells: number;
  rebuildMs: number;
  runs: { label: string; summary: LatencySummary; errors: number }[];
}

/**
 * The summary endpoint over a `days` range of a business with `cards` cards, each visiting about once
 * a fortnight at one of three stores: the source rows are written by SQL, the aggregates by the
 * rebuild (the same tables the processor keeps). Baseline: an authenticated GET of one store.
 */
export async function benchAnalyticsSummary({ cards, days, requests, log }: AnalyticsBenchOptions): Promise<AnalyticsBenchResult> {
  log('analytics summary: starting the system (APIs and relay; no processors: the rebuild writes the aggregates)');
  const system = await startSystem({ processors: false, env: { RATE_LIMIT_ANALYTICS: '1000000/3600', RATE_LIMIT_STANDARD: '1000000/3600' } });
  try {
    const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'A free flat white' });
    const em = system.admin.orm.em.fork();
    for (const name of ['Second street', 'Station']) {
      await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
        token: shop.staffToken,
        body: { brandId: shop.brandId, name, timeZone: 'Europe/Berlin' },
      });
    }
    log(`analytics summary: seeding ${cards.toLocaleString('en-US')} cards and their visits over ${days} days`);
    await em.execute(
      `insert into customer.customers (id, cognito_sub, email, display_name)
       select gen_random_uuid(), 'bench-' || n, 'bench-' || n || '@example.com', 'Bench ' || n from generate_series(1, ?) n`,
      [cards - 1],
    );
    await em.execute(
      `insert into loyalty.cards (id, business_id, program_id, customer_id, card_number, created_at)
       select gen_random_uuid(), ?, ?, c.id, 'BENCH-' || c.cognito_sub, now() - (random() * ? * interval '1 day')
         from customer.customers c where c.cognito_sub like 'bench-%'`,
      [shop.businessId, shop.programId, days],
    );
    await em.execute(
      `with visits as (
         select c.id as card_id, s.id as store_id, c.created_at + (v * interval '14 days') * random() as at, row_number() over () as n
           from loyalty.cards c
           cross join generate_series(1, ?) v
           cross join lateral (select id from business.stores where business_id = c.business_id order by random() + v limit 1) s
          where c.business_id = ?)
       insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by, created_at, applied_at, result)
       select gen_random_uuid(), ?, card_id, store_id, 'visit', 'bench-' || n, 'applied', 'bench', at, at, '{"delta": 1}'
         from visits where at <= now()`,
      [Math.ceil(days / 14), shop.businessId, shop.businessId],
    );
    await em.execute(
      `insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, kind, amount, created_at)
       select gen_random_uuid(), business_id, card_id, id, 'earn', 1, created_at from loyalty.transactions where business_id = ? and recorded_by = 'bench'`,
      [shop.businessId],
    );
    await em.execute('analyze');
    const rebuildStarted = performance.now();
    const rebuilt = await rebuildAggregates(system.admin.orm.em.fork(), [shop.businessId]);
    const rebuildMs = performance.now() - rebuildStarted;
    const [counts] = await em.execute<{ transactions: string }[]>('select count(*) as transactions from loyalty.transactions where business_id = ?', [
      shop.businessId,
    ]);
    log(`analytics summary: ${rebuilt.cells} aggregate cells rebuilt in ${Math.round(rebuildMs)} ms`);

    const dayOf = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const range = `from=${dayOf(-(days - 1))}&to=${dayOf(0)}`;
    const get = (path: string, check: (body: Record<string, unknown>) => boolean) => async () => {
      const answer = await call(system.admin.url, 'GET', path, { token: shop.staffToken });
      return answer.status === 200 && check(answer.body)
        ? { ok: true }
        : { ok: false, detail: `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}` };
    };
    const operations = [
      { label: 'GET store (baseline)', op: get(`/businesses/${shop.businessId}/stores/${shop.storeId}`, (body) => body.id === shop.storeId) },
      {
        label: `GET analytics/summary, ${days} days`,
        op: get(`/businesses/${shop.businessId}/analytics/summary?${range}`, (body) => Number(body.visits) > 0 && (body.byDay as unknown[]).length === days),
      },
      {
        label: `GET analytics/summary, ${days} days, one store`,
        op: get(`/businesses/${shop.businessId}/analytics/summary?${range}&storeId=${shop.storeId}`, (body) => Number(body.visits) > 0),
      },
      {
        label: `GET analytics/stores, ${days} days`,
        op: get(`/businesses/${shop.businessId}/analytics/stores?${range}`, (body) => Array.isArray(body.stores)),
      },
    ];
    const runs: AnalyticsBenchResult['runs'] = [];
    for (const { label, op } of operations) {
      log(`analytics summary: ${requests} × ${label}, sequential (after ${Math.min(50, requests)} warm-up)`);
      await runLoad(Math.min(50, requests), 1, op);
      const result = await runLoad(requests, 1, op);
      runs.push({
        label,
        summary: summarize(
          result.samples.map((sample) => sample.ms),
          result.wallMs,
        ),
        errors: result.samples.filter((sample) => !sample.ok).length,
      });
    }
    return { cards, transactions: Number(counts?.transactions ?? 0), cells: rebuilt.cells, rebuildMs, runs };
  } finally {
    await system.stop();
  }
}
