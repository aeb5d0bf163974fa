import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import type { ExporterConfig } from './config.js';
import { exportsHandler } from './entry-points/exports-handler.js';
import { exporterDeps } from './exporter-deps.js';

export function startExporter(
  config: ExporterConfig,
  logger: Logger = createLogger('exporter', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  return startConsumerProcess(config, logger, 'exports', (orm, aws) => exportsHandler(exporterDeps(config, orm, aws.s3, logger)), options);
}
