import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * A hot statement PostgreSQL parses once per connection and whose plan it may keep. `em.execute`
 * inlines the values into the text (simple protocol), so every call is parsed and planned again;
 * this sends them as `$n` parameters under a stable name instead.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** `sql` takes `?` placeholders as `em.execute` does; it must hold no other `?`. */
export function preparedStatement(name: string, sql: string): PreparedStatement {
  let position = 0;
  return { name, text: sql.replace(/\?/g, () => `$${++position}`) };
}

/** Runs the statement on the connection `em` uses now: inside its transaction when it is in one. */
export async function executePrepared<Row>(em: EntityManager, statement: PreparedStatement, params: readonly unknown[]): Promise<Row[]> {
  const compiled = CompiledQuery.raw(statement.text, [...params]);
  // kysely hands `sql` to pg's `client.query(sql, parameters)` untouched, and pg takes a query
  // config there: its `name` is what makes the statement prepared once per connection.
  const named: CompiledQuery<Row> = { ...compiled, sql: { name: statement.name, text: statement.text } as unknown as string };
  const result = await em.getKysely().executeQuery(named);
  return [...result.rows];
}

/**
 * The entity's columns, for a prepared statement to name instead of `*`: PostgreSQL refuses to run
 * a prepared `select *` again once a migration has added a column ("cached plan must not change
 * result type"), while a list stays valid until the code that knows the new column is deployed.
 */
export function entityColumns<T extends object>(em: EntityManager, entity: EntityName<T>): string {
  return em
    .getMetadata(entity)
    .props.filter((prop) => prop.persist !== false)
    .flatMap((prop) => prop.fieldNames ?? [])
    .join(', ');
}
