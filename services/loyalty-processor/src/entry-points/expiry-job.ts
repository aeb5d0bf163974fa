import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { announceExpiringLots } from '../use-cases/announce-expiring-lots.js';
import { expireDueLots } from '../use-cases/expire-due-lots.js';

/** What the schedule, the local interval and the ops command all run. */
export async function runExpiryJob(orm: MikroORM, logger: Logger, now: Date = new Date()): Promise<void> {
  const expired = await expireDueLots(orm.em.fork(), now);
  const announced = await announceExpiringLots(orm.em.fork(), now);
  logger.info({ ...expired, announced }, 'expiry run');
}
