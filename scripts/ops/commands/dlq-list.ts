import { Command } from 'commander';
import { formatTable } from '../../shared/table.js';
import { listDeadLetterQueues } from '../dead-letters/list-dead-letter-queues.js';
import { ageSince } from '../format.js';
import { withOps } from '../ops-context.js';

export function dlqListCommand(): Command {
  return new Command('list').description("every queue's dead-letter queue: its depth and the age of its oldest message").action((_options, command: Command) =>
    withOps(command, async (ops) => {
      const queues = await listDeadLetterQueues(ops.sqs, ops.prefix);
      ops.print(queues, (rows) =>
        formatTable(
          `Dead-letter queues of ${ops.prefix} (${ops.sqsTarget})`,
          ['queue', 'dead-letter queue', 'messages', 'in flight', 'oldest'],
          rows.map((row) => [
            row.queue,
            row.deadLetterQueue,
            String(row.messages),
            String(row.inFlight),
            row.oldestSentAt && !row.oldestIsExact ? `≥ ${ageSince(row.oldestSentAt)}` : ageSince(row.oldestSentAt),
          ]),
          ['left', 'left', 'right', 'right', 'right'],
        ),
      );
    }),
  );
}
