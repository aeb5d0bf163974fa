import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { computeInsights } from '../use-cases/compute-insights.js';

export async function runInsightsJob(orm: MikroORM, logger: Logger, now: Date = new Date()): Promise<void> {
  const run = await computeInsights(orm.em.fork(), now);
  logger.info(run, 'customer insights computed');
}
