import { inboxHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { sendRewardEmail, type Mailer } from '../use-cases/send-reward-email.js';

/**
 * The email queue's handler. SES cannot join our transaction: the inbox row commits after the send,
 * so a crash between the two sends the email again (at-least-once), but never loses it.
 */
export function emailHandler(orm: MikroORM, mailer: Mailer, logger: Logger): SqsBatchHandler {
  return inboxHandler({
    orm,
    consumer: 'notifier',
    logger,
    apply: async (_em, event) => {
      if (event.type === 'reward.unlocked') return sendRewardEmail(mailer, event.payload, event.id);
      logger.warn({ eventType: event.type }, 'event type not handled here; check the subscription filter');
    },
  });
}
