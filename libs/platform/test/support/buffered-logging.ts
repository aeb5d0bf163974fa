import { bufferedStdout, createLogger } from '../../src/index.js';

// Logs as a service's main does, then waits for the test's signal on stdin: `exit` or nothing (the test kills it).
const logger = createLogger('buffered-test', 'info', bufferedStdout());
logger.info('first info');
logger.error('an error');
process.stdin.once('data', (command) => {
  logger.info('last info');
  if (command.toString().trim() === 'exit') process.exit(0);
});
