import { Command } from 'commander';
import { deadLetterQueue, queueNames } from '../dead-letters/dead-letter-queues.js';
import { replayDeadLetters } from '../dead-letters/replay-dead-letters.js';
import { withOps } from '../ops-context.js';
import { selection } from '../options.js';

export function dlqReplayCommand(): Command {
  return new Command('replay')
    .description('move dead messages back to their source queue (sent first, deleted from the DLQ only once sent)')
    .argument('<queue>', `one of ${queueNames.join(', ')}`)
    .option('--id <id...>', 'SQS message ids or event ids to replay')
    .option('--all', 'replay every message in the dead-letter queue')
    .option('--dry-run', 'list what would be replayed, move nothing')
    .action((queue: string, options: { id?: string[]; all?: boolean; dryRun?: boolean }, command: Command) =>
      withOps(command, async (ops) => {
        const which = selection(options);
        const dlq = await deadLetterQueue(ops.sqs, ops.prefix, queue);
        const result = await replayDeadLetters(ops.sqs, dlq, {
          ids: which === 'all' ? undefined : which,
          dryRun: options.dryRun,
          onProgress: ({ moved, of }) => process.stderr.write(`moved ${moved}/${of}\n`),
        });
        ops.print(result, (replay) => {
          const lines = options.dryRun
            ? [
                `dry run: would move ${replay.selected.length} message(s) from ${dlq.name} to ${dlq.sourceName}`,
                ...replay.selected.map((letter) => `  ${letter.messageId}`),
              ]
            : [`moved ${replay.moved.length} message(s) from ${dlq.name} to ${dlq.sourceName}`];
          for (const failure of replay.sendFailures) lines.push(`not sent, still in the DLQ: ${failure.messageId} (${failure.reason})`);
          for (const id of replay.deleteFailures)
            lines.push(`sent but not deleted from the DLQ: ${id} (a replay again sends a duplicate, which consumers skip)`);
          for (const id of replay.notFound) lines.push(`not in the DLQ: ${id}`);
          return lines.join('\n');
        });
        if (result.sendFailures.length > 0 || result.notFound.length > 0) process.exitCode = 1;
      }),
    );
}
