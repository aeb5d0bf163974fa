import { startLocalStack } from '@loyalty/local-stack';

/** The AWS emulators in a process of their own (see emulators-process.ts); prints their endpoints as one JSON line. */
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: emulators-child.ts <data dir>');
const stack = await startLocalStack({ dataDir });
process.stdout.write(`${JSON.stringify(stack.endpoints)}\n`);
process.once('SIGTERM', () => {
  stack.stop().finally(() => process.exit(0));
});
