import { Command } from 'commander';
import { deadLetterQueue, queueNames } from '../dead-letters/dead-letter-queues.js';
import { purgeDeadLetters } from '../dead-letters/purge-dead-letters.js';
import { withOps } from '../ops-context.js';

export function dlqPurgeCommand(): Command {
  return new Command('purge')
    .description('delete every message of a dead-letter queue for good')
    .argument('<queue>', `one of ${queueNames.join(', ')}`)
    .option('--yes', 'really delete them', false)
    .action((queue: string, options: { yes: boolean }, command: Command) =>
      withOps(command, async (ops) => {
        const dlq = await deadLetterQueue(ops.sqs, ops.prefix, queue);
        const purged = await purgeDeadLetters(ops.sqs, dlq, { confirmed: options.yes });
        ops.print({ queue: dlq.name, purged }, () => `purged ${dlq.name}: about ${purged} message(s) deleted`);
      }),
    );
}
