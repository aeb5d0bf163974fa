import { Command } from 'commander';
import { dlqListCommand } from './commands/dlq-list.js';
import { dlqPurgeCommand } from './commands/dlq-purge.js';
import { dlqReplayCommand } from './commands/dlq-replay.js';
import { dlqShowCommand } from './commands/dlq-show.js';
import { outboxParkedCommand } from './commands/outbox-parked.js';
import { outboxRetryCommand } from './commands/outbox-retry.js';
import { outboxStatusCommand } from './commands/outbox-status.js';
import { LOCAL_ENVIRONMENT } from './ops-config.js';

/** `npm run ops -- <command>`: dead letters and the outbox of one environment. See docs/runbooks/dead-letters.md. */
const program = new Command('ops')
  .description('look after dead letters and the outbox of an environment')
  .option('--env <name>', 'the environment: its resource prefix (local is what `npm start` runs)', LOCAL_ENVIRONMENT)
  .option('--json', 'print JSON instead of tables', false)
  .showHelpAfterError();

program
  .command('dlq')
  .description('dead-letter queues')
  .addCommand(dlqListCommand())
  .addCommand(dlqShowCommand())
  .addCommand(dlqReplayCommand())
  .addCommand(dlqPurgeCommand());

program
  .command('outbox')
  .description('the transactional outbox and its relays')
  .addCommand(outboxStatusCommand())
  .addCommand(outboxParkedCommand())
  .addCommand(outboxRetryCommand());

await program.parseAsync();
