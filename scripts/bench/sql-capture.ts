import pg from 'pg';

export type Component = 'admin' | 'processor' | 'relay' | 'analytics';

export interface CapturedQuery {
  component: Component;
  /** The first function of ours on the query's (async) stack, e.g. `insertPendingTransaction`. */
  caller: string;
  sql: string;
  values: unknown[];
}

const componentOf = (stack: string): Component | undefined =>
  stack.includes('/services/admin/')
    ? 'admin'
    : stack.includes('/services/loyalty-processor/')
      ? 'processor'
      : stack.includes('/services/outbox-relay/') || stack.includes('/libs/outbox/')
        ? 'relay'
        : stack.includes('/services/analytics/')
          ? 'analytics'
          : undefined;

function callerOf(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    if (line.includes('node_modules') || line.includes('/scripts/bench/') || !/\/(services|libs)\//.test(line)) continue;
    const name = /at (?:async )?([\w.<>$]+) \(/.exec(line)?.[1];
    if (name) return name.replace(/^Object\./, '');
  }
  return '';
}

const explainable = /^\s*(select|insert|update|delete|with)\b/i;

type Query = (...args: unknown[]) => unknown;

/** What `pg` client classes have in common: the method every query goes through. */
export interface QueryingPrototype {
  query: Query;
}

interface Statement {
  component: Component | undefined;
  caller: string;
  sql: string;
  values: unknown[];
}

/**
 * Records every statement the platform's own code sends through `pg` while `run` runs (the real SQL
 * and values, as the driver gets them), with the component and function that sent it. Works for a
 * system started in this process (`startSystem`): the async stack names who is asking. Some stacks
 * end inside MikroORM (`em.execute`), so a statement inside a database transaction belongs to the
 * component that any other statement of that transaction names. `prototypes` are the client classes
 * to listen on: there may be several copies of `pg` installed (MikroORM's own and the relay's).
 */
export async function captureSql<T>(prototypes: readonly QueryingPrototype[], run: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const settled: Statement[][] = [];
  const open = new WeakMap<object, Statement[]>();
  const originals = [...new Set(prototypes)].map((prototype) => ({ prototype, query: prototype.query }));
  // MikroORM and kysely alone take the default ten frames; the caller is further up.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const record = (client: object, sql: string, values: unknown) => {
    if (/^\s*(begin|start transaction)\b/i.test(sql)) {
      const group: Statement[] = [];
      open.set(client, group);
      settled.push(group);
      return;
    }
    if (/^\s*(commit|rollback)\s*$/i.test(sql)) {
      open.delete(client);
      return;
    }
    if (!explainable.test(sql)) return;
    const stack = new Error().stack ?? '';
    const statement = { component: componentOf(stack), caller: callerOf(stack), sql, values: Array.isArray(values) ? [...values] : [] };
    const group = open.get(client);
    if (group) group.push(statement);
    else settled.push([statement]);
  };
  for (const { prototype, query } of originals) {
    prototype.query = function capture(this: object, ...args: unknown[]) {
      const [first, second] = args;
      const config = typeof first === 'string' ? { text: first } : (first as { text?: unknown; values?: unknown } | undefined);
      // A named statement (`{ name, text }`) gets its values as the second argument too.
      if (typeof config?.text === 'string') {
        const values = second ?? config.values;
        for (const statement of statementsOf(config.text, values)) record(this, statement, values);
      }
      return query.apply(this, args);
    };
  }
  try {
    const result = await run();
    return { result, queries: settled.flatMap(attributed) };
  } finally {
    for (const { prototype, query } of originals) prototype.query = query;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * A query without values may be several statements in one simple-protocol round trip (the relay sends
 * `begin; select …` and `update …; commit`): each is recorded on its own, so the transaction's bounds
 * are seen and no `commit` reaches EXPLAIN. Such queries are our own, with no `;` inside a literal.
 */
function statementsOf(text: string, values: unknown): string[] {
  if (Array.isArray(values) && values.length > 0) return [text];
  return text
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

function attributed(group: Statement[]): CapturedQuery[] {
  const component = group.find((statement) => statement.component)?.component;
  if (!component) return [];
  return group.map(({ caller, sql, values }) => ({ component, caller, sql, values }));
}

/** The `pg` client prototypes of the root install and of the copy a MikroORM instance uses. */
export async function pgPrototypes(orm: { em: { getConnection(): { getNativeClient(): Promise<unknown> } } }): Promise<QueryingPrototype[]> {
  const pool = (await orm.em.getConnection().getNativeClient()) as { Client: { prototype: QueryingPrototype } };
  return [pg.Client.prototype as unknown as QueryingPrototype, pool.Client.prototype];
}
