import { consumerSessionLimits, openDatabase, type MikroORM } from '@loyalty/db';
import { startQueueRunner, type SqsBatchHandler } from '@loyalty/consumers';
import type { BaseConfig, Logger } from '@loyalty/platform';
import { awsClientsFor } from './aws-clients-for.js';
import { destroyClients, physicalName, type AwsClients, queueConcurrency, queueUrl, type QueueName } from '@loyalty/topology';

export interface ConsumerProcessConfig extends BaseConfig {
  DATABASE_URL: string;
}

export interface RunningConsumer {
  orm: MikroORM;
  stop(): Promise<void>;
}

/**
 * Runs a Lambda handler locally the way its event source mapping does in AWS: SQS pollers, as many as
 * the function's concurrency, hand it batches and delete only what it did not report as failed.
 */
export async function startConsumerProcess(
  config: ConsumerProcessConfig,
  logger: Logger,
  queue: QueueName,
  buildHandler: (orm: MikroORM, aws: AwsClients) => SqsBatchHandler,
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, sessionLimits: consumerSessionLimits });
  const clients = awsClientsFor(config);
  const url = await queueUrl(clients.sqs, physicalName(config.RESOURCE_PREFIX, queue));
  const runner = await startQueueRunner({
    queueUrl: url,
    sqsClient: clients.sqs,
    handler: buildHandler(orm, clients),
    logger,
    waitTimeSeconds: options.waitTimeSeconds,
    pollers: queueConcurrency(queue),
  });
  logger.info({ queue: url }, 'consuming');
  return {
    orm,
    async stop() {
      await runner.stop();
      await orm.close();
      destroyClients(clients);
    },
  };
}

/**
 * Runs a scheduled function's job beside a local consumer, every `intervalSeconds`, in place of its
 * EventBridge schedule; stopping waits for a run in flight.
 */
export function withLocalSchedule(
  consumer: RunningConsumer,
  { intervalSeconds, job, name }: { intervalSeconds: number; job: (orm: MikroORM) => Promise<void>; name: string },
  logger: Logger,
): RunningConsumer {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = job(consumer.orm).catch((error: unknown) => logger.error({ err: error }, `${name} run failed`));
  }, intervalSeconds * 1000);
  return {
    orm: consumer.orm,
    async stop() {
      clearInterval(timer);
      await running;
      await consumer.stop();
    },
  };
}
