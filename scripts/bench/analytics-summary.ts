import type { EntityManager } from '@loyalty/db';
import { summaryOf, type AnalyticsFilter } from '@loyalty/db/analytics';
import { rebuildAggregates } from '../../services/analytics/src/use-cases/rebuild-aggregates.js';
import { call } from '../../test/support/http.js';
import { setUpStampProgram } from '../../test/support/stamp-program.js';
import { startSystem } from '../../test/support/system.js';
import { runLoad } from './load.js';
import { formatTable } from '../shared/table.js';
import { ms, ratio, summarize, type LatencySummary } from './stats.js';

export interface AnalyticsBenchOptions {
  cards: number;
  days: number;
  requests: number;
  /** The operations take turns: `rounds` rounds of requests / rounds each, so a noisy minute hits them all alike. */
  rounds: number;
  log: (line: string) => void;
}

interface Operation {
  label: string;
  /** `http`: a request to the admin API, as a client sees it; `sql`: the query alone, on the API's pool. */
  layer: 'http' | 'sql';
  op: () => Promise<{ ok: boolean; detail?: string }>;
}

export interface AnalyticsBenchResult {
  cards: number;
  transactions: number;
  cells: number;
  rebuildMs: number;
  runs: { label: string; layer: Operation['layer']; summary: LatencySummary; errors: number; firstError?: string }[];
}

/**
 * What the summary's active-customer figures cost before the bitmaps: distinct customers over the
 * range's `daily_customers` rows, per day and over the whole range (the figures are the same).
 */
async function distinctOverDailyCustomers(em: EntityManager, filter: AnalyticsFilter): Promise<number> {
  const where = 'a.business_id = ? and a.day between ?::date and ?::date';
  const params = [filter.businessId, filter.from, filter.to];
  await em.execute(`select a.day, count(distinct a.customer_id) from analytics.daily_customers a where ${where} group by a.day`, params);
  const [total] = await em.execute<{ n: string }[]>(`select count(distinct a.customer_id) as n from analytics.daily_customers a where ${where}`, params);
  return Number(total?.n ?? 0);
}

/** Every operation warms up, then they take turns round by round; each one's samples are pooled. */
async function interleaved(
  operations: readonly Operation[],
  requests: number,
  rounds: number,
  log: (line: string) => void,
): Promise<AnalyticsBenchResult['runs']> {
  const perRound = Math.max(1, Math.floor(requests / rounds));
  const samples = operations.map(() => ({ ms: [] as number[], wallMs: 0, errors: 0, firstError: undefined as string | undefined }));
  log(`analytics summary: ${operations.length} operations, ${Math.min(50, requests)} warm-up each, then ${rounds} rounds of ${perRound} each, sequential`);
  for (const { op } of operations) await runLoad(Math.min(50, requests), 1, op);
  for (let round = 0; round < rounds; round += 1) {
    log(`analytics summary: round ${round + 1} of ${rounds}`);
    for (const [index, { op }] of operations.entries()) {
      const result = await runLoad(perRound, 1, op);
      const pooled = samples[index]!;
      pooled.ms.push(...result.samples.map((sample) => sample.ms));
      pooled.wallMs += result.wallMs;
      for (const sample of result.samples.filter((candidate) => !candidate.ok)) {
        pooled.errors += 1;
        pooled.firstError ??= sample.detail;
      }
    }
  }
  return operations.map(({ label, layer }, index) => {
    const pooled = samples[index]!;
    return {
      label,
      layer,
      summary: summarize(pooled.ms, pooled.wallMs),
      errors: pooled.errors,
      ...(pooled.firstError ? { firstError: pooled.firstError } : {}),
    };
  });
}

/**
 * The summary endpoint over a `days` range of a business with `cards` cards, each visiting about once
 * a fortnight at one of three stores: the source rows are written by SQL, the aggregates by the
 * rebuild (the same tables the processor keeps). Baseline: an authenticated GET of one store.
 */
export async function benchAnalyticsSummary({ cards, days, requests, rounds, log }: AnalyticsBenchOptions): Promise<AnalyticsBenchResult> {
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
    const summaryPath = `/businesses/${shop.businessId}/analytics/summary`;
    const filter = { businessId: shop.businessId, from: dayOf(-(days - 1)), to: dayOf(0) };
    const sql = (run: () => Promise<number>) => async () => ({ ok: (await run()) > 0 });
    const operations: Operation[] = [
      {
        label: 'GET /healthz (no auth, no query)',
        layer: 'http',
        op: async () => {
          const answer = await fetch(`${system.admin.url}/healthz`);
          await answer.arrayBuffer();
          return { ok: answer.status === 200 };
        },
      },
      { label: 'GET store (baseline)', layer: 'http', op: get(`/businesses/${shop.businessId}/stores/${shop.storeId}`, (body) => body.id === shop.storeId) },
      {
        label: 'GET analytics/summary, 1 day',
        layer: 'http',
        op: get(`${summaryPath}?from=${dayOf(0)}&to=${dayOf(0)}`, (body) => (body.byDay as unknown[]).length === 1),
      },
      {
        label: `GET analytics/summary, ${days} days`,
        layer: 'http',
        op: get(`${summaryPath}?${range}`, (body) => Number(body.visits) > 0 && (body.byDay as unknown[]).length === days),
      },
      {
        label: `GET analytics/summary, ${days} days, one store`,
        layer: 'http',
        op: get(`${summaryPath}?${range}&storeId=${shop.storeId}`, (body) => Number(body.visits) > 0),
      },
      {
        label: `GET analytics/stores, ${days} days`,
        layer: 'http',
        op: get(`/businesses/${shop.businessId}/analytics/stores?${range}`, (body) => Array.isArray(body.stores)),
      },
      {
        label: `SQL: summaryOf, ${days} days`,
        layer: 'sql',
        op: sql(async () => (await summaryOf(em.fork(), filter)).totals.activeCustomers),
      },
      {
        label: `SQL: distinct over daily_customers, ${days} days (before)`,
        layer: 'sql',
        op: sql(async () => distinctOverDailyCustomers(em.fork(), filter)),
      },
    ];
    const runs = await interleaved(operations, requests, rounds, log);
    return { cards, transactions: Number(counts?.transactions ?? 0), cells: rebuilt.cells, rebuildMs, runs };
  } finally {
    await system.stop();
  }
}

/**
 * Requests against the authenticated GET of a store (the same stack: JWT, staff lookup, rate limiter,
 * one read), queries against the pre-bitmap query, both by p95; `over GET` is what the route adds.
 */
export function analyticsTable(result: AnalyticsBenchResult, settings: { rounds: number }): string {
  const httpBaseline = result.runs.find((run) => run.label === 'GET store (baseline)');
  const sqlBaseline = result.runs.find((run) => run.layer === 'sql' && run.label.endsWith('(before)'));
  const rows = result.runs.map((run) => {
    const baseline = run.layer === 'http' ? httpBaseline : sqlBaseline;
    return [
      run.label,
      String(run.summary.count),
      String(run.errors),
      ms(run.summary.p50),
      ms(run.summary.p95),
      ms(run.summary.p99),
      baseline ? ratio(run.summary.p95, baseline.summary.p95) : '-',
      run.layer === 'http' && httpBaseline ? ms(run.summary.p95 - httpBaseline.summary.p95) : '-',
    ];
  });
  return [
    formatTable(
      `4. Analytics reads from the aggregates: ${result.cards.toLocaleString('en-US')} cards, ${result.transactions.toLocaleString('en-US')} visits, ${result.cells.toLocaleString('en-US')} cells (rebuilt in ${(result.rebuildMs / 1000).toFixed(2)} s); sequential, ${settings.rounds} interleaved rounds (target: summary p95 ≤ 20 ms)`,
      ['request', 'n', 'errors', 'p50', 'p95', 'p99', 'p95 vs baseline', 'p95 over GET store'],
      rows,
    ),
    '   baseline: GET store for the requests, the pre-bitmap distinct count for the queries',
    ...result.runs.filter((run) => run.firstError).map((run) => `   first error of "${run.label}": ${run.firstError}`),
  ].join('\n');
}
