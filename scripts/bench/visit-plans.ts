import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { call } from '../../test/support/http.js';
import type { System } from '../../test/support/system.js';
import { seededBusinessId } from './scale-seed.js';
import { captureSql, pgPrototypes, type CapturedQuery } from './sql-capture.js';

/** Where a visit is recorded: a card of a business, at one of its stores, by one of its staff. */
export interface VisitTarget {
  businessId: string;
  storeId: string;
  cardId: string;
  staffToken: string;
}

/**
 * A counter in the first seeded business, at its card with the longest history: a new staff user
 * of the system's user pool becomes an owner there. A card with years of visits is what makes a
 * query that reads a card's whole history visible; a fresh card would hide it.
 */
export async function seededCounter(system: System): Promise<VisitTarget> {
  const email = `plans-${randomUUID()}@seed.test`;
  const staffToken = await system.staffToken(email);
  const claims = JSON.parse(Buffer.from(staffToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string };
  const em = system.admin.orm.em.fork();
  const [target] = await em.execute<{ business_id: string; store_id: string; card_id: string }[]>(
    `select c.business_id, (select id from business.stores s where s.business_id = c.business_id order by id limit 1) as store_id, c.id as card_id
       from loyalty.cards c where c.business_id = ? order by c.completed_cards desc, c.id limit 1`,
    [seededBusinessId(1)],
  );
  if (!target) throw new Error('no seeded card: run seedScale first');
  await em.execute(`insert into business.staff_members (business_id, cognito_sub, username, role) values (?, ?, ?, 'owner')`, [
    target.business_id,
    claims.sub,
    email,
  ]);
  return { businessId: target.business_id, storeId: target.store_id, cardId: target.card_id, staffToken };
}

/**
 * The visit path, as the counter runs it: look the card up by its printed number, record a visit and
 * wait for the processor to apply it, then void it the same way; and what each settled transaction
 * costs downstream, until analytics has counted both (the history writer reads beside it). This is the
 * one list of what the plan check covers; the SQL itself is captured from the running system, so it
 * follows the code.
 */
export async function visitPath(system: System, target: VisitTarget): Promise<CapturedQuery[]> {
  const [row] = await system.admin.orm.em.fork().execute<{ card_number: string }[]>('select card_number from loyalty.cards where id = ?', [target.cardId]);
  const number = row?.card_number;
  if (!number) throw new Error(`card ${target.cardId} not found`);
  const { queries } = await captureSql(await pgPrototypes(system.admin.orm), async () => {
    const lookup = await call(system.admin.url, 'GET', `/businesses/${target.businessId}/cards/lookup?number=${encodeURIComponent(number)}`, {
      token: target.staffToken,
    });
    if (lookup.status !== 200) throw new Error(`card lookup answered ${lookup.status}: ${JSON.stringify(lookup.body)}`);
    const visitId = await recordVisit(system, target);
    const voidId = await recordTransaction(system, target, { kind: 'void', reversesTransactionId: visitId });
    await countedByAnalytics(system, [visitId, voidId]);
  });
  return unique(queries);
}

export function recordVisit(system: System, target: VisitTarget): Promise<string> {
  return recordTransaction(system, target, { kind: 'visit', cardId: target.cardId });
}

async function recordTransaction(system: System, target: VisitTarget, body: Record<string, unknown>): Promise<string> {
  const answer = await call<{ id: string; status: string }>(system.admin.url, 'POST', `/businesses/${target.businessId}/transactions`, {
    token: target.staffToken,
    headers: { prefer: 'wait=5' },
    body: { ...body, storeId: target.storeId, posTransactionId: `plan-${randomUUID()}` },
  });
  if (answer.status !== 200 || answer.body.status !== 'applied') throw new Error(`${body.kind} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

async function countedByAnalytics(system: System, transactionIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await system.admin.orm.em.fork().execute<{ counted: string }[]>(
      `select count(*) as counted from messaging.outbox o join messaging.inbox i on i.event_id = o.id and i.consumer = 'analytics'
        where o.event_type = 'transaction.settled' and o.aggregate_id in (${transactionIds.map(() => '?').join(', ')})`,
      [...transactionIds],
    );
    if (Number(row?.counted) === transactionIds.length) return;
    if (Date.now() > deadline) throw new Error(`analytics did not count ${transactionIds.join(', ')} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The same statement sent twice by the same caller (a re-read, a second flush) is planned once. */
function unique(queries: CapturedQuery[]): CapturedQuery[] {
  const seen = new Set<string>();
  return queries.filter((query) => {
    const key = `${query.component} ${query.caller} ${query.sql}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A node that reads a whole table: a Seq Scan, or an index scan with no condition (the whole index, in its order). */
export interface FullScan {
  table: string;
  node: string;
  /** Rows the table holds (pg_class.reltuples after ANALYZE). */
  tableRows: number;
  /** Rows the scan read (actual when it ran, else the planner's estimate). */
  rows: number;
}

export interface QueryPlan {
  query: CapturedQuery;
  /** The plan's nodes, outermost first, e.g. `LockRows > Index Scan cards_pkey`. */
  shape: string;
  fullScans: FullScan[];
  nodes: PlanNode[];
  /** Planning + execution, from EXPLAIN ANALYZE; null when the statement could not run again (a replayed insert) and was only planned. */
  ms: number | null;
  text: string;
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

interface ExplainJson {
  Plan: PlanNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

interface IndexInfo {
  table: string;
  /** The index's first key column; null for an expression. */
  leading: string | null;
}

async function indexCatalog(client: pg.Client, names: string[]): Promise<Map<string, IndexInfo>> {
  const { rows } = await client.query<{ index: string; table: string; leading: string | null }>(
    `select i.relname as index, format('%s.%s', n.nspname, t.relname) as table, a.attname as leading
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
       left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where i.relname = any($1)`,
    [names],
  );
  return new Map(rows.map((row) => [row.index, { table: row.table, leading: row.leading }]));
}

/**
 * A Seq Scan reads the whole table; so does an index scan whose condition does not constrain the
 * index's first column: PostgreSQL 15 then walks the whole index (it has no skip scan), which is
 * how the planner avoids a Seq Scan it was told not to use.
 */
function fullScanOf(node: PlanNode, indexes: Map<string, IndexInfo>): FullScan[] {
  const rows = node['Actual Rows'] !== undefined ? node['Actual Rows'] * (node['Actual Loops'] ?? 1) : node['Plan Rows'];
  if (node['Node Type'] === 'Seq Scan') return [{ table: `${node.Schema}.${node['Relation Name']}`, node: describeNode(node), tableRows: 0, rows }];
  const index = node['Index Name'] ? indexes.get(node['Index Name']) : undefined;
  if (!index?.leading) return [];
  const condition = node['Index Cond'] ?? '';
  if (new RegExp(`\\b${index.leading}\\b`).test(condition)) return [];
  return [{ table: index.table, node: describeNode(node), tableRows: 0, rows }];
}

const describeNode = (node: PlanNode) =>
  [node['Node Type'], node['Index Name'] ?? (node['Relation Name'] ? `${node.Schema}.${node['Relation Name']}` : undefined)].filter(Boolean).join(' ');

export interface ExplainOptions {
  /**
   * `SET enable_seqscan = off`: the planner then reads a whole table only when no index condition can
   * serve the query, by a Seq Scan or by walking a whole index, so any full scan left is a missing index.
   */
  seqScanOff?: boolean;
  /**
   * Plan each parameterized statement as a prepared one whose plan no longer looks at the values
   * (`plan_cache_mode = force_generic_plan`): what a named statement may settle on after 5 runs.
   */
  genericPlans?: boolean;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every captured statement with its captured values, in the captured
 * order, inside one transaction that is rolled back: each runs against the state the ones before it
 * left, as in the real request. A statement that cannot run twice (an insert of an id that the real
 * run already wrote) is planned without ANALYZE.
 */
export async function explainQueries(databaseUrl: string, queries: readonly CapturedQuery[], options: ExplainOptions = {}): Promise<QueryPlan[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    if (options.seqScanOff) await client.query('set local enable_seqscan = off');
    if (options.genericPlans) await client.query('set local plan_cache_mode = force_generic_plan');
    const plans: QueryPlan[] = [];
    for (const query of queries) {
      plans.push(await explainOne(client, options.genericPlans ? await asPrepared(client, query, plans.length) : query));
    }
    await client.query('rollback');
    if (options.genericPlans) await client.query('deallocate all');
    const indexes = await indexCatalog(client, [...new Set(plans.flatMap((plan) => plan.nodes.flatMap((node) => node['Index Name'] ?? [])))]);
    for (const plan of plans) {
      plan.fullScans = plan.nodes.flatMap((node) => fullScanOf(node, indexes));
    }
    const { rows } = await client.query<{ name: string; rows: number }>(
      `select format('%s.%s', n.nspname, c.relname) as name, greatest(c.reltuples, 0)::float8 as rows
         from pg_class c join pg_namespace n on n.oid = c.relnamespace where format('%s.%s', n.nspname, c.relname) = any($1)`,
      [[...new Set(plans.flatMap((plan) => plan.fullScans.map((scan) => scan.table)))]],
    );
    const sizes = new Map(rows.map((row) => [row.name, Number(row.rows)]));
    for (const scan of plans.flatMap((plan) => plan.fullScans)) scan.tableRows = sizes.get(scan.table) ?? 0;
    return plans;
  } finally {
    await client.end();
  }
}

/** The statement prepared on the server, and the query that executes it with the captured values. */
async function asPrepared(client: pg.Client, query: CapturedQuery, index: number): Promise<CapturedQuery> {
  if (query.values.length === 0) return query;
  const name = `plan_probe_${index}`;
  await client.query(`prepare ${name} as ${query.sql}`);
  // EXPLAIN EXECUTE takes no bind parameters: the values go in as literals, typed by the statement.
  return { ...query, sql: `execute ${name}(${query.values.map((value) => literal(client, value)).join(', ')})`, values: [] };
}

function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map(arrayElement).join(',')}}`);
  if (typeof value === 'object') return client.escapeLiteral(JSON.stringify(value));
  return client.escapeLiteral(String(value));
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

async function explainOne(client: pg.Client, query: CapturedQuery): Promise<QueryPlan> {
  await client.query('savepoint plan');
  let analyzed = true;
  let json: ExplainJson;
  let text: string;
  try {
    // Twice, the first undone (JSON with VERBOSE names each table's schema), so the statement's effect reaches the statements after it once.
    json = await explainJson(client, 'analyze, buffers, verbose', query);
    await client.query('rollback to savepoint plan');
    text = await explainText(client, 'analyze, buffers', query);
    await client.query('release savepoint plan');
  } catch {
    await client.query('rollback to savepoint plan');
    analyzed = false;
    json = await explainJson(client, 'verbose', query);
    text = await explainText(client, 'costs', query);
  }
  const all = nodes(json.Plan);
  return {
    query,
    shape: all.map(describeNode).join(' > '),
    fullScans: [],
    nodes: all,
    ms: analyzed ? (json['Planning Time'] ?? 0) + (json['Execution Time'] ?? 0) : null,
    text,
  };
}

async function explainJson(client: pg.Client, options: string, query: CapturedQuery): Promise<ExplainJson> {
  const { rows } = await client.query<{ 'QUERY PLAN': ExplainJson[] }>(`explain (${options}, format json) ${query.sql}`, query.values);
  const plan = rows[0]?.['QUERY PLAN'][0];
  if (!plan) throw new Error(`no plan for ${query.sql}`);
  return plan;
}

async function explainText(client: pg.Client, options: string, query: CapturedQuery): Promise<string> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (${options}, format text) ${query.sql}`, query.values);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** Full scans of tables at least this large fail the check: below it a scan is the planner's right call. */
export const largeTableRows = 10_000;

export const largeFullScans = (plans: readonly QueryPlan[], threshold = largeTableRows): { plan: QueryPlan; scan: FullScan }[] =>
  plans.flatMap((plan) => plan.fullScans.filter((scan) => scan.tableRows >= threshold).map((scan) => ({ plan, scan })));

const clip = (text: string, width: number) => (text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`);

export function plansTable(plans: readonly QueryPlan[]): string {
  const lines = [
    `${clip('component', 9)}  ${clip('caller', 28)}  ${clip('statement', 60)}  ${clip('plan', 70)}  ${clip('full scan', 34)}  ${'ms'.padStart(7)}`,
  ];
  for (const plan of plans) {
    const sql = plan.query.sql.replace(/\s+/g, ' ').trim();
    const scans = plan.fullScans.length === 0 ? 'no' : plan.fullScans.map((scan) => `${scan.node} (${scan.tableRows} rows)`).join(', ');
    const ms = plan.ms === null ? 'planned' : plan.ms.toFixed(3);
    lines.push(
      `${clip(plan.query.component, 9)}  ${clip(plan.query.caller || '—', 28)}  ${clip(sql, 60)}  ${clip(plan.shape, 70)}  ${clip(scans, 34)}  ${ms.padStart(7)}`,
    );
  }
  return lines.join('\n');
}
