import { fileURLToPath } from 'node:url';
import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, uniquePrefix, type TestDatabase } from '@loyalty/testing';
import { awsClients, destroyClients, ensureUser, provisionTopology, signIn, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import type { RunningApi } from '@loyalty/runtime/api';
import type { RelayOptions } from '@loyalty/outbox';
import { loadAdminConfig } from '../../services/admin/src/config.js';
import { startAdminServer } from '../../services/admin/src/server.js';
import { loadCustomerConfig } from '../../services/customer/src/config.js';
import { startCustomerServer } from '../../services/customer/src/server.js';
import { loadProcessorConfig } from '../../services/loyalty-processor/src/config.js';
import { startLoyaltyProcessor } from '../../services/loyalty-processor/src/local.js';
import { loadAnalyticsConfig, loadAuditWriterConfig } from '../../services/analytics/src/config.js';
import { startAnalytics } from '../../services/analytics/src/local.js';
import { startAuditWriter } from '../../services/analytics/src/audit-local.js';
import { startHistoryWriter } from '../../services/analytics/src/history-local.js';
import { loadExporterConfig } from '../../services/exporter/src/config.js';
import { startExporter } from '../../services/exporter/src/local.js';
import { loadCampaignSenderConfig, loadNotifierConfig } from '../../services/notifier/src/config.js';
import { startCampaignSender, startNotifier } from '../../services/notifier/src/local.js';
import { loadRelayConfig } from '../../services/outbox-relay/src/config.js';
import { startOutboxRelay, type RunningRelay } from '../../services/outbox-relay/src/relay-process.js';
import type { LambdaArtifact } from '../../scripts/build/lambdas.js';
import { startZipLoadedLambdas, type ZipLoadedLambdas } from './zip-loaded-lambdas.js';
import { userPoolEnv } from './user-pool-env.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface System {
  db: TestDatabase;
  clients: AwsClients;
  topology: ProvisionedTopology;
  env: NodeJS.ProcessEnv;
  admin: RunningApi;
  customer: RunningApi;
  relay: RunningRelay;
  processors: { stop(): Promise<void> }[];
  /** Set when the system runs its functions from their zips (`lambdaZips`). */
  zipLoaded?: ZipLoadedLambdas;
  staffToken(email: string, groups?: string[]): Promise<string>;
  customerToken(email: string): Promise<string>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Start the loyalty processor, notifier and analytics runners (off for tests that drive handlers by hand). */
  processors?: boolean;
  /**
   * Run the Lambda functions from these built zips, each loaded as Lambda loads it, in place of the
   * TypeScript handlers (the points-expiry interval of the local processor does not run then).
   */
  lambdaZips?: readonly LambdaArtifact[];
  /** For the outbox relay, which runs as its own component as it does under `npm start`. */
  relay?: RelayOptions;
  queueVisibilitySeconds?: number;
  /** Environment on top of the shared test environment, e.g. an SNS endpoint behind a switchable proxy. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The whole platform in this test process, wired exactly as `npm start` wires it (the same start
 * functions), on its own database and its own prefixed queues, topics and user pools.
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const db = await createTestDatabase();
  const clients = awsClients();
  const prefix = uniquePrefix('e2e');
  const topology = await provisionTopology(clients, { prefix, overrides: { queues: { visibilityTimeoutSeconds: options.queueVisibilitySeconds ?? 2 } } });
  const { staff, customers } = topology.userPools;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    RESOURCE_PREFIX: prefix,
    PORT: '0',
    ...userPoolEnv(topology.userPools),
    QR_SIGNING_SECRET: 'e2e-qr-signing-secret-of-at-least-32-characters',
    QR_MAX_AGE_SECONDS: '300',
    AUTH_SESSION_SECRET: 'e2e-auth-session-secret-of-at-least-32-characters',
    UNSUBSCRIBE_SIGNING_SECRET: 'e2e-unsubscribe-signing-secret-of-32-characters',
    REDIS_URL: process.env.TEST_REDIS_URL,
    // Every test signs in from 127.0.0.1: the production per-IP auth limit would throttle the suite. Limit tests set their own.
    RATE_LIMIT_AUTH: '1000/60',
    ...options.env,
  };
  const logLevel = process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info';
  const admin = await startAdminServer(loadAdminConfig(env), createLogger('admin-api', logLevel));
  const customer = await startCustomerServer(loadCustomerConfig(env), createLogger('customer-api', logLevel));
  const relay = await startOutboxRelay(loadRelayConfig(env), createLogger('outbox-relay', logLevel), { relay: options.relay });
  const zipLoaded =
    options.processors !== false && options.lambdaZips
      ? await startZipLoadedLambdas(repositoryRoot, options.lambdaZips, env, { clients, topology }, createLogger('zip-loaded-lambdas', logLevel))
      : undefined;
  const processors =
    options.processors === false
      ? []
      : zipLoaded
        ? [zipLoaded]
        : await Promise.all([
            startLoyaltyProcessor(loadProcessorConfig(env), createLogger('loyalty-processor', logLevel), { waitTimeSeconds: 1 }),
            startNotifier(loadNotifierConfig(env), createLogger('notifier', logLevel), { waitTimeSeconds: 1 }),
            startAnalytics(loadAnalyticsConfig(env), createLogger('analytics', logLevel), { waitTimeSeconds: 1 }),
            startHistoryWriter(loadAnalyticsConfig(env), createLogger('history-writer', logLevel), { waitTimeSeconds: 1 }),
            startExporter(loadExporterConfig(env), createLogger('exporter', logLevel), { waitTimeSeconds: 1 }),
            startAuditWriter(loadAuditWriterConfig(env), createLogger('audit-writer', logLevel), { waitTimeSeconds: 1 }),
            startCampaignSender(
              loadCampaignSenderConfig({ CAMPAIGN_POLL_SECONDS: '1', ...env, UNSUBSCRIBE_BASE_URL: customer.url }),
              createLogger('campaign-sender', logLevel),
            ),
          ]);

  return {
    db,
    clients,
    topology,
    env,
    admin,
    customer,
    relay,
    processors,
    zipLoaded,
    async staffToken(email, groups = ['owner']) {
      const user = await ensureUser(clients.cognito, staff, email);
      for (const group of groups) {
        await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: staff.userPoolId, Username: email, GroupName: group }));
      }
      return signIn(clients.cognito, user);
    },
    async customerToken(email) {
      return signIn(clients.cognito, await ensureUser(clients.cognito, customers, email));
    },
    async stop() {
      await Promise.all(processors.map((p) => p.stop()));
      await Promise.all([admin.stop(), customer.stop()]);
      await relay.stop();
      destroyClients(clients);
      await db.drop();
    },
  };
}
