export { startLocalStack, type Emulator, type LocalStack, type LocalStackOptions } from './start-local-stack.js';
export type { AwsEndpoints } from '@loyalty/topology';
export { ensurePostgres, DEFAULT_POSTGRES_URL, type PostgresServer } from './ensure-postgres.js';
export { sesInbox, type CapturedEmail, type SesInbox } from './ses-inbox.js';
export { waitUntil } from './wait-until.js';
export { startCognito, type CognitoTriggers } from './start-cognito.js';
export { startKms, type RunningKms } from './start-kms.js';
export { freePort } from './listen.js';
export { startRestartablePostgres, type RestartablePostgres, type ShutdownMode } from './restartable-postgres.js';
