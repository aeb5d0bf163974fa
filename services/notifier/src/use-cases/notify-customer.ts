import type { AnyEvent } from '@loyalty/contracts';
import type { Logger } from '@loyalty/platform';
import { pointsExpiringEmail } from '../templates/points-expiring.js';
import { rewardUnlockedEmail } from '../templates/reward-unlocked.js';
import type { EmailContent } from '../templates/email-content.js';
import { sendEmail, type Mailer } from './send-email.js';

/** Which email an event becomes, if any. A deleted customer (no email) gets none. */
export async function notifyCustomer(mailer: Mailer, logger: Logger, event: AnyEvent): Promise<void> {
  let recipient: string | null;
  let content: EmailContent;
  switch (event.type) {
    case 'reward.unlocked':
      recipient = event.payload.customer.email;
      content = rewardUnlockedEmail(event.payload);
      break;
    case 'points.expiring':
      recipient = event.payload.customer.email;
      content = pointsExpiringEmail(event.payload);
      break;
    default:
      logger.warn({ eventType: event.type }, 'event type not handled here; check the subscription filter');
      return;
  }
  if (recipient === null) {
    logger.info({ eventType: event.type }, 'customer has no email address (deleted); nothing sent');
    return;
  }
  await sendEmail(mailer, recipient, content, { tags: { eventId: event.id } });
}
