import { recordFailuresIn, sqsEventHandler, type SqsBatchHandler } from '@loyalty/consumers';
import { topology } from '@loyalty/topology';
import { produceExport, type ExporterDeps } from '../use-cases/produce-export.js';

/**
 * The exports queue's handler. No inbox row: the export row's status is what makes a second
 * delivery harmless (a ready export is not produced again), and its lease keeps two from racing.
 * The last receive before the DLQ marks the export failed, so its status never stays "running".
 */
export function exportsHandler(deps: ExporterDeps): SqsBatchHandler {
  const { maxReceiveCount } = topology.queues.exports;
  return sqsEventHandler({
    consumer: 'exporter',
    logger: deps.logger,
    recordFailure: recordFailuresIn(deps.orm),
    handle: async (event, { record }) => {
      if (event.type !== 'export.requested') {
        deps.logger.warn({ eventType: event.type }, 'event type not handled here; check the subscription filter');
        return;
      }
      const final = Number(record.attributes.ApproximateReceiveCount) >= maxReceiveCount;
      await produceExport(deps, event.payload.exportId, { final });
    },
  });
}
