import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { useMembership } from '../../membership.js';
import { useSession } from '../../session.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../../shared/ui.js';
import { ChartFigure, colors } from './dashboard-charts.js';
import './dashboard.css';
import { SelectField } from './form-parts.js';

type Summary = components['schemas']['AnalyticsSummary'];
type Insights = components['schemas']['CustomerInsights'];

interface Filters {
  from: string;
  to: string;
  storeId?: string;
  programId?: string;
}

/** The API's longest range. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

function lastDays(days: number): Pick<Filters, 'from' | 'to'> {
  const today = new Date();
  return { from: localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - days + 1)), to: localDay(today) };
}

function rangeProblem({ from, to }: Filters): string | undefined {
  if (!from || !to) return 'Pick a start and an end date.';
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) return 'The start date is after the end date.';
  if (days > MAX_DAYS) return `Pick at most ${MAX_DAYS} days.`;
  return undefined;
}

const money = (minor: number, currency?: string | null) =>
  currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100) : (minor / 100).toFixed(2);

/** The owner's view of the business: what happened in a date range, per store, and who the customers are (the route's RoleGate lets only those roles in). */
export function Dashboard() {
  const { membership } = useMembership();
  const storeIds = membership?.storeIds ?? null;
  const name = membership?.name ?? '';
  const businessId = useSession()?.businessId ?? '';
  const [filters, setFilters] = useState<Filters>(() => ({ ...lastDays(30), storeId: storeIds?.[0] }));
  const stores = useQuery({
    queryKey: ['stores', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/stores', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
  const programs = useQuery({
    queryKey: ['programs', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/programs', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
  const storeChoices = (stores.data?.items ?? []).filter((store) => !storeIds || storeIds.includes(store.id));
  const problem = rangeProblem(filters);
  const change = (next: Partial<Filters>) => setFilters((current) => ({ ...current, ...next }));
  // Insights are per program: the one picked, else the first.
  const insightsProgram = programs.data?.items.find((p) => p.id === filters.programId) ?? programs.data?.items[0];

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{name ? `Dashboard · ${name}` : 'Dashboard'}</h1>
      <form aria-label="Filters" className="inline filters" onSubmit={(event) => event.preventDefault()}>
        <Field label="From" type="date" required value={filters.from} max={filters.to} onChange={(e) => change({ from: e.target.value })} />
        <Field label="To" type="date" required value={filters.to} min={filters.from} onChange={(e) => change({ to: e.target.value })} />
        <SelectField label="Store" value={filters.storeId ?? ''} onChange={(e) => change({ storeId: e.target.value || undefined })}>
          {!storeIds && <option value="">All stores</option>}
          {storeChoices.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Program" value={filters.programId ?? ''} onChange={(e) => change({ programId: e.target.value || undefined })}>
          <option value="">All programs</option>
          {programs.data?.items.map((program) => (
            <option key={program.id} value={program.id}>
              {program.name}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorMessage error={stores.error ?? programs.error} />
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : (
        <>
          <Activity businessId={businessId} filters={filters} />
          {!storeIds && <StoreComparison businessId={businessId} filters={filters} />}
        </>
      )}
      {storeIds ? (
        <p className="muted">Customer insights cover every store: ask an owner or admin.</p>
      ) : (
        insightsProgram && <CustomerInsights businessId={businessId} programId={insightsProgram.id} programName={insightsProgram.name} />
      )}
      {programs.data?.items.length === 0 && <Empty>This business has no program yet: the customer insights start with one.</Empty>}
    </section>
  );
}

function Activity({ businessId, filters }: { businessId: string; filters: Filters }) {
  const summary = useQuery({
    queryKey: ['analytics', 'summary', businessId, filters],
    queryFn: () => ok(api.GET('/businesses/{businessId}/analytics/summary', { params: { path: { businessId }, query: filters } })),
    placeholderData: keepPreviousData,
  });
  if (summary.isLoading) return <Loading what="the activity" />;
  if (summary.error) return <ErrorMessage error={summary.error} />;
  const data = summary.data;
  if (!data) return null;
  const quiet = data.byDay.every((day) => day.visits + day.purchases + day.rewardsRedeemed + day.newCards + day.pointsExpired === 0);
  return (
    <section aria-labelledby="activity-title" aria-busy={summary.isFetching}>
      <h2 id="activity-title">
        Activity, {data.from} to {data.to}
      </h2>
      <Totals summary={data} />
      {quiet ? (
        <Empty>Nothing was recorded in this range.</Empty>
      ) : (
        <>
          <ChartFigure
            title="Visits and rewards per day"
            caption="Visits, stamp rewards unlocked and rewards redeemed, each day of the range."
            kind="line"
            rows={data.byDay}
            category="day"
            categoryLabel="Day"
            series={[
              { key: 'visits', label: 'Visits', color: colors.blue },
              { key: 'rewardsUnlocked', label: 'Rewards unlocked', color: colors.green },
              { key: 'rewardsRedeemed', label: 'Rewards redeemed', color: colors.amber },
            ]}
          />
          <ChartFigure
            title="Points earned and redeemed per day"
            caption="Points programs only: earned on purchases and bonuses, redeemed for rewards, expired."
            kind="bar"
            rows={data.byDay}
            category="day"
            categoryLabel="Day"
            series={[
              { key: 'pointsEarned', label: 'Points earned', color: colors.blue },
              { key: 'pointsRedeemed', label: 'Points redeemed', color: colors.amber },
              { key: 'pointsExpired', label: 'Points expired', color: colors.red },
            ]}
          />
        </>
      )}
    </section>
  );
}

function Totals({ summary }: { summary: Summary }) {
  const figures: [string, ReactNode][] = [
    ['Visits', summary.visits],
    ['Purchases', summary.purchases],
    ['Purchase amount', money(summary.purchaseAmount)],
    ['Stamps issued', summary.stampsIssued],
    ['Points earned', summary.pointsEarned],
    ['Points redeemed', summary.pointsRedeemed],
    ['Rewards unlocked', summary.rewardsUnlocked],
    ['Rewards redeemed', summary.rewardsRedeemed],
    ['New cards', summary.newCards],
    ['Active customers', summary.activeCustomers],
  ];
  return <Figures label="Totals" figures={figures} />;
}

function Figures({ label, figures }: { label: string; figures: [string, ReactNode][] }) {
  return (
    <dl className="figures" aria-label={label}>
      {figures.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function StoreComparison({ businessId, filters }: { businessId: string; filters: Filters }) {
  const { from, to, programId } = filters;
  const stores = useQuery({
    queryKey: ['analytics', 'stores', businessId, from, to, programId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/analytics/stores', { params: { path: { businessId }, query: { from, to, programId } } })),
    placeholderData: keepPreviousData,
  });
  if (stores.isLoading) return <Loading what="the stores' figures" />;
  if (stores.error) return <ErrorMessage error={stores.error} />;
  // Enrolments and expiry belong to no store: they are in the totals, not in a comparison of stores.
  const rows = (stores.data?.stores ?? []).filter((store) => store.storeId !== null);
  return (
    <section aria-labelledby="stores-title">
      <h2 id="stores-title">Stores compared</h2>
      {rows.every((store) => store.visits + store.purchases + store.rewardsRedeemed === 0) ? (
        <Empty>No store recorded anything in this range.</Empty>
      ) : (
        <ChartFigure
          title="Visits by store"
          caption="Visits, purchases and rewards redeemed in each store over the range."
          kind="bar"
          rows={rows}
          category="name"
          categoryLabel="Store"
          series={[
            { key: 'visits', label: 'Visits', color: colors.blue },
            { key: 'purchases', label: 'Purchases', color: colors.violet },
            { key: 'rewardsRedeemed', label: 'Rewards redeemed', color: colors.amber },
          ]}
        />
      )}
    </section>
  );
}

const segmentNames: [keyof Insights['segments'], string][] = [
  ['new', 'New'],
  ['active', 'Active'],
  ['champions', 'Champions'],
  ['atRisk', 'At risk'],
  ['lapsed', 'Lapsed'],
];

function CustomerInsights({ businessId, programId, programName }: { businessId: string; programId: string; programName: string }) {
  const insights = useQuery({
    queryKey: ['analytics', 'customers', businessId, programId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/analytics/customers', { params: { path: { businessId }, query: { programId } } })),
  });
  const heading = <h2 id="customers-title">Customers of {programName}</h2>;
  if (insights.isLoading) return <Loading what="the customer insights" />;
  if (insights.error) return <ErrorMessage error={insights.error} />;
  const data = insights.data;
  if (!data) return null;
  if (data.computedAt === null)
    return (
      <section aria-labelledby="customers-title">
        {heading}
        <Empty>The customer insights have not been computed yet: they are refreshed every hour.</Empty>
      </section>
    );
  const { outstandingPoints, value, currency } = data.pointsLiability;
  return (
    <section aria-labelledby="customers-title">
      {heading}
      <p className="muted">
        {data.cards} {data.cards === 1 ? 'card' : 'cards'}, as of {new Date(data.computedAt).toLocaleString()}.
      </p>
      <ChartFigure
        title="Customer segments"
        caption="Cards by recency, frequency and spend over 90 days (RFM): champions came within 14 days, often or spending a lot; new cards are at most 30 days old; active came within 30 days, at risk within 90, lapsed longer ago."
        kind="bar"
        rows={segmentNames.map(([key, segment]) => ({ segment, cards: data.segments[key] }))}
        category="segment"
        categoryLabel="Segment"
        series={[{ key: 'cards', label: 'Cards', color: colors.violet }]}
      />
      {value === null ? (
        <Figures
          label="Rewards"
          figures={[['Reward redemption rate', data.rewardRedemptionRate === null ? 'none unlocked yet' : `${Math.round(data.rewardRedemptionRate * 100)} %`]]}
        />
      ) : (
        <Figures
          label="Points liability"
          figures={[
            ['Outstanding points', outstandingPoints],
            ['Points liability', money(value, currency)],
          ]}
        />
      )}
    </section>
  );
}
