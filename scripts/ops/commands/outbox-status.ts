import { outboxStatus } from '@loyalty/outbox';
import { Command } from 'commander';
import { formatTable } from '../../shared/table.js';
import { age, ageSince } from '../format.js';
import { withOps } from '../ops-context.js';

export function outboxStatusCommand(): Command {
  return new Command('status')
    .description("the outbox's pending, due, failed and parked rows, and each running relay with its breaker state")
    .action((_options, command: Command) =>
      withOps(command, async (ops) => {
        const status = await outboxStatus(ops.database());
        ops.print(status, ({ relays, ...counts }) =>
          [
            formatTable(
              `Outbox of ${ops.prefix}`,
              ['pending', 'due', 'failed', 'parked', 'oldest pending'],
              [
                [
                  String(counts.pending),
                  String(counts.due),
                  String(counts.failed),
                  String(counts.parked),
                  counts.oldestPendingAgeMs === null ? '-' : age(counts.oldestPendingAgeMs),
                ],
              ],
              ['right', 'right', 'right', 'right', 'right'],
            ),
            relays.length === 0
              ? '\nNo relay has written a heartbeat: none is running, or none can reach this database.'
              : formatTable(
                  'Relays (breaker state as of their last heartbeat)',
                  ['relay', 'host', 'pid', 'breaker', 'last beat', 'running for'],
                  relays.map((relay) => [
                    relay.relayId,
                    relay.host,
                    String(relay.pid),
                    relay.stale ? `${relay.breakerState} (stale: not beating)` : relay.breakerState,
                    `${ageSince(relay.beatAt)} ago`,
                    ageSince(relay.startedAt),
                  ]),
                  ['left', 'left', 'right', 'left', 'right', 'right'],
                ),
          ].join('\n'),
        );
      }),
    );
}
