import { Command } from 'commander';
import { formatTable } from '../../shared/table.js';
import { deadLetterQueue, queueNames } from '../dead-letters/dead-letter-queues.js';
import { showDeadLetters } from '../dead-letters/show-dead-letters.js';
import { shorten, time } from '../format.js';
import { withOps } from '../ops-context.js';
import { positiveInteger } from '../options.js';

export function dlqShowCommand(): Command {
  return new Command('show')
    .description('the dead messages of a queue: event, business, receives, first and last receive, and why the consumer failed them')
    .argument('<queue>', `one of ${queueNames.join(', ')}`)
    .option('--limit <n>', 'show at most this many messages', positiveInteger, 20)
    .action((queue: string, options: { limit: number }, command: Command) =>
      withOps(command, async (ops) => {
        const dlq = await deadLetterQueue(ops.sqs, ops.prefix, queue);
        const letters = await showDeadLetters(ops.sqs, await ops.databaseIfReachable(), dlq, options.limit);
        ops.print(letters, (rows) => {
          const table = formatTable(
            `${dlq.name}: ${rows.length === 0 ? 'empty' : `${rows.length} message(s)`} (${ops.sqsTarget})`,
            ['message id', 'event id', 'type', 'business', 'receives', 'first received', 'last failed', 'reason'],
            rows.map((row) => [
              row.messageId,
              row.eventId ?? '-',
              row.eventType ?? '-',
              row.businessId ?? '-',
              String(row.receiveCount),
              time(row.firstReceivedAt),
              time(row.lastFailedAt),
              row.reason === undefined ? '(no reason recorded)' : shorten(`${row.consumer}: ${row.reason}`, 120),
            ]),
            ['left', 'left', 'left', 'left', 'right', 'left', 'left', 'left'],
          );
          return rows.length === 0 ? table : `${table}\n\nFull reasons and bodies: add --json.`;
        });
      }),
    );
}
