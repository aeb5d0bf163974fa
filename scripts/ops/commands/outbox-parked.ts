import { listParked } from '@loyalty/outbox';
import { Command } from 'commander';
import { formatTable } from '../../shared/table.js';
import { shorten, time } from '../format.js';
import { withOps } from '../ops-context.js';
import { positiveInteger } from '../options.js';

export function outboxParkedCommand(): Command {
  return new Command('parked')
    .description('outbox rows the relay gave up on, oldest first, with their last error')
    .option('--limit <n>', 'show at most this many rows', positiveInteger, 100)
    .action((options: { limit: number }, command: Command) =>
      withOps(command, async (ops) => {
        const parked = await listParked(ops.database(), options.limit);
        ops.print(parked, (rows) =>
          formatTable(
            `Parked outbox rows of ${ops.prefix}: ${rows.length}`,
            ['id', 'type', 'topic', 'business', 'attempts', 'created', 'parked', 'last error'],
            rows.map((row) => [
              row.id,
              row.eventType,
              row.topic,
              row.businessId,
              String(row.attempts),
              time(row.createdAt),
              time(row.parkedAt),
              shorten(row.lastError ?? '-', 100),
            ]),
            ['left', 'left', 'left', 'left', 'right', 'left', 'left', 'left'],
          ),
        );
      }),
    );
}
