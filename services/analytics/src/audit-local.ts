import { startQueueRunner } from '@loyalty/consumers';
import { createLogger, type Logger } from '@loyalty/platform';
import { awsClientsFor } from '@loyalty/runtime';
import { documentClient, tableName } from '@loyalty/tables';
import { destroyClients, physicalName, queueConcurrency, queueUrl } from '@loyalty/topology';
import type { AuditWriterConfig } from './config.js';
import { auditHandler } from './entry-points/audit-handler.js';

/** The audit writer as one local process: the audit queue's runner, as its event source mapping on AWS. */
export async function startAuditWriter(
  config: AuditWriterConfig,
  logger: Logger = createLogger('audit-writer', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const clients = awsClientsFor(config);
  const table = { client: documentClient(clients.dynamodb), name: tableName(config.RESOURCE_PREFIX, 'audit') };
  const url = await queueUrl(clients.sqs, physicalName(config.RESOURCE_PREFIX, 'audit'));
  const runner = await startQueueRunner({
    queueUrl: url,
    sqsClient: clients.sqs,
    handler: auditHandler(config, table, logger),
    logger,
    waitTimeSeconds: options.waitTimeSeconds,
    pollers: queueConcurrency('audit'),
  });
  logger.info({ queue: url }, 'consuming');
  return {
    async stop() {
      await runner.stop();
      destroyClients(clients);
    },
  };
}
