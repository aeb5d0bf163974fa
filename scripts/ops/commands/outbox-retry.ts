import { retryParked } from '@loyalty/outbox';
import { Command } from 'commander';
import { withOps } from '../ops-context.js';
import { selection } from '../options.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function outboxRetryCommand(): Command {
  return new Command('retry')
    .description('un-park outbox rows: a fresh attempt budget, due at once; running relays wake up')
    .option('--id <id...>', 'outbox row ids (see `outbox parked`)')
    .option('--all', 'every parked row')
    .action((options: { id?: string[]; all?: boolean }, command: Command) =>
      withOps(command, async (ops) => {
        const which = selection(options);
        const ids = which === 'all' ? undefined : which;
        const malformed = ids?.filter((id) => !UUID.test(id)) ?? [];
        if (malformed.length > 0) throw new Error(`not outbox row ids (UUIDs): ${malformed.join(', ')}`);
        const retried = await retryParked(ops.database(), ids);
        const notParked = ids?.filter((id) => !retried.includes(id)) ?? [];
        ops.print({ retried, notParked }, () =>
          [`un-parked ${retried.length} row(s)`, ...notParked.map((id) => `not parked (or no such row): ${id}`)].join('\n'),
        );
        if (notParked.length > 0) process.exitCode = 1;
      }),
    );
}
