import type { QueueSettings, TableDefinition, UserPoolDefinition } from '@loyalty/topology/definition';

/**
 * The shape of `topology` from @loyalty/topology with plain string names, so a test can build the
 * stack from a modified copy; the real definition is assignable to it as it is.
 */
export interface TopologyDefinition {
  topics: readonly string[];
  queues: Readonly<Record<string, QueueSettings>>;
  subscriptions: readonly { topic: string; queue: string; eventTypes?: readonly string[] }[];
  buckets: readonly string[];
  tables: Readonly<Record<string, TableDefinition>>;
  userPools: Readonly<Record<string, UserPoolDefinition>>;
}

export function definedIn<T>(record: Readonly<Record<string, T>>, key: string, what: string): T {
  const value = record[key];
  if (value === undefined) throw new Error(`${what} "${key}" is not in the topology`);
  return value;
}
