import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { formatTable } from '../shared/table.js';
import { processCpuMs } from './process-cpu.js';

export interface StatementCost {
  /** The services (application_name) seen running it; a statement several send (BEGIN, COMMIT) names them all. */
  services: string[];
  query: string;
  calls: number;
  totalExecMs: number;
  rows: number;
}

export interface StatementProfile {
  statements: StatementCost[];
  /** pg_stat_database of the bench database over the same span: each commit is a WAL flush with synchronous_commit=on. */
  commits: number;
  rollbacks: number;
  /** Backend CPU by service (application_name), ms over the span: /proc of every backend, grouped by its pool. */
  backendCpuMs: { service: string; ms: number }[];
  /** Rows written per table; an update that is not HOT also writes every index of the table. */
  tables: TableWrites[];
}

export interface TableWrites {
  table: string;
  inserts: number;
  updates: number;
  hotUpdates: number;
  indexes: number;
}

export interface StatementProfiler {
  finish(): Promise<StatementProfile>;
}

const sampleEveryMs = 20;

/**
 * Per-statement cost of the bench database while a load runs, from pg_stat_statements (which must be
 * preloaded: see docs/performance.md). pg_stat_statements does not record the client, so which service
 * sent a statement is learnt by sampling pg_stat_activity, whose query_id is each backend's latest
 * statement, against the application_name every service's pool sets (PGAPPNAME). Its own session is
 * on the admin database, so neither its queries nor its backend count. Undefined when the extension is
 * not there.
 */
export async function startStatementProfile(adminUrl: string, databaseUrl: string): Promise<StatementProfiler | undefined> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'bench-statement-profile' });
  await client.connect();
  const installed = await client.query("select 1 from pg_extension where extname = 'pg_stat_statements'");
  if (installed.rowCount === 0) {
    await client.end();
    return undefined;
  }
  const counters = async () =>
    (
      await client.query<{ commits: string; rollbacks: string }>(
        'select xact_commit as commits, xact_rollback as rollbacks from pg_stat_database where datname = $1',
        [database],
      )
    ).rows[0];
  const backends = async () =>
    (
      await client.query<{ pid: number; service: string; query_id: string | null }>(
        `select pid, coalesce(nullif(application_name, ''), 'unnamed') as service, query_id::text from pg_stat_activity where datname = $1`,
        [database],
      )
    ).rows;

  const tablesBefore = await tableWrites(databaseUrl);
  await client.query('select pg_stat_statements_reset()');
  const before = await counters();
  const serviceOf = new Map<number, string>();
  const cpuBefore = new Map<number, number>();
  for (const backend of await backends()) {
    serviceOf.set(backend.pid, backend.service);
    cpuBefore.set(backend.pid, await processCpuMs(backend.pid));
  }
  const sentBy = new Map<string, Set<string>>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const backend of await backends()) {
        serviceOf.set(backend.pid, backend.service);
        if (!cpuBefore.has(backend.pid)) cpuBefore.set(backend.pid, await processCpuMs(backend.pid));
        if (backend.query_id === null) continue;
        const services = sentBy.get(backend.query_id) ?? new Set<string>();
        services.add(backend.service);
        sentBy.set(backend.query_id, services);
      }
      await sleep(sampleEveryMs);
    }
  })();

  return {
    async finish() {
      sampling = false;
      await sampler;
      try {
        const after = await counters();
        const tablesAfter = await tableWrites(databaseUrl);
        const cpu = new Map<string, number>();
        for (const [pid, service] of serviceOf) {
          const spent = (await processCpuMs(pid)) - (cpuBefore.get(pid) ?? 0);
          cpu.set(service, (cpu.get(service) ?? 0) + Math.max(0, Number.isNaN(spent) ? 0 : spent));
        }
        const { rows } = await client.query<{ queryid: string; query: string; calls: string; total_exec_time: number; rows: string }>(
          `select s.queryid::text as queryid, s.query, s.calls, s.total_exec_time, s.rows
             from pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname = $1 order by s.total_exec_time desc`,
          [database],
        );
        return {
          statements: rows.map((row) => ({
            services: [...(sentBy.get(row.queryid) ?? [])].sort(),
            query: row.query,
            calls: Number(row.calls),
            totalExecMs: row.total_exec_time,
            rows: Number(row.rows),
          })),
          commits: Number(after?.commits) - Number(before?.commits),
          rollbacks: Number(after?.rollbacks) - Number(before?.rollbacks),
          backendCpuMs: [...cpu].map(([service, ms]) => ({ service, ms })).sort((a, b) => b.ms - a.ms),
          tables: tablesAfter
            .map((table) => {
              const before = tablesBefore.find((candidate) => candidate.table === table.table);
              return {
                ...table,
                inserts: table.inserts - (before?.inserts ?? 0),
                updates: table.updates - (before?.updates ?? 0),
                hotUpdates: table.hotUpdates - (before?.hotUpdates ?? 0),
              };
            })
            .filter((table) => table.inserts + table.updates > 0)
            .sort((a, b) => b.inserts + b.updates - (a.inserts + a.updates)),
        };
      } finally {
        await client.end();
      }
    },
  };
}

/** The statistics collector's counters, read on a session of the bench database itself (they are per database). */
async function tableWrites(databaseUrl: string): Promise<TableWrites[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-statement-profile' });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; inserts: string; updates: string; hot_updates: string; indexes: string }>(
      `select t.schemaname || '.' || t.relname as table, t.n_tup_ins as inserts, t.n_tup_upd as updates, t.n_tup_hot_upd as hot_updates,
              (select count(*) from pg_index i where i.indrelid = t.relid) as indexes
         from pg_stat_user_tables t`,
    );
    return rows.map((row) => ({
      table: row.table,
      inserts: Number(row.inserts),
      updates: Number(row.updates),
      hotUpdates: Number(row.hot_updates),
      indexes: Number(row.indexes),
    }));
  } finally {
    await client.end();
  }
}

const oneLine = (query: string, width: number) => {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/** Table 5e: the statements per settled visit, the most expensive first, then the totals by service. */
export function statementTables(profile: StatementProfile, visits: number, top = 25): string[] {
  const per = (value: number) => (visits > 0 ? value / visits : Number.NaN);
  const byService = new Map<string, { calls: number; ms: number }>();
  for (const statement of profile.statements) {
    const key = statement.services.join(', ') || 'not seen by the sampler';
    const entry = byService.get(key) ?? { calls: 0, ms: 0 };
    entry.calls += statement.calls;
    entry.ms += statement.totalExecMs;
    byService.set(key, entry);
  }
  const totalCalls = profile.statements.reduce((sum, statement) => sum + statement.calls, 0);
  const totalMs = profile.statements.reduce((sum, statement) => sum + statement.totalExecMs, 0);
  return [
    formatTable(
      `5e. PostgreSQL statements per settled visit during that run (pg_stat_statements; ${visits.toLocaleString('en-US')} visits), the ${top} costliest by total exec time`,
      ['sent by', 'calls/visit', 'exec ms/visit', 'ms/call', 'rows/call', 'statement'],
      profile.statements
        .slice(0, top)
        .map((statement) => [
          statement.services.join(', ') || '?',
          per(statement.calls).toFixed(2),
          per(statement.totalExecMs).toFixed(3),
          (statement.totalExecMs / Math.max(1, statement.calls)).toFixed(3),
          (statement.rows / Math.max(1, statement.calls)).toFixed(1),
          oneLine(statement.query, 110),
        ]),
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ),
    formatTable(
      '5e′. By service (the statements each was seen sending), with each pool’s backend CPU',
      ['sent by', 'statements/visit', 'exec ms/visit'],
      [
        ...[...byService].sort((a, b) => b[1].ms - a[1].ms).map(([service, entry]) => [service, per(entry.calls).toFixed(2), per(entry.ms).toFixed(3)]),
        ['all', per(totalCalls).toFixed(2), per(totalMs).toFixed(3)],
      ],
      ['left', 'right', 'right'],
    ),
    formatTable(
      '5e″. Backend CPU per visit by pool (application_name), and commits',
      ['measure', 'per visit'],
      [
        ...profile.backendCpuMs.map((entry) => [`backend CPU ms, ${entry.service}`, per(entry.ms).toFixed(2)]),
        ['backend CPU ms, all', per(profile.backendCpuMs.reduce((sum, entry) => sum + entry.ms, 0)).toFixed(2)],
        ['commits (xact_commit)', per(profile.commits).toFixed(2)],
        ['rollbacks (xact_rollback)', per(profile.rollbacks).toFixed(2)],
      ],
    ),
    formatTable(
      '5e‴. Rows written per visit by table (pg_stat_user_tables): an update that is not HOT writes every index too',
      ['table', 'indexes', 'inserts/visit', 'updates/visit', 'HOT updates'],
      profile.tables.map((table) => [
        table.table,
        String(table.indexes),
        per(table.inserts).toFixed(2),
        per(table.updates).toFixed(2),
        table.updates > 0 ? `${Math.round((table.hotUpdates / table.updates) * 100)}%` : '-',
      ]),
    ),
  ];
}
