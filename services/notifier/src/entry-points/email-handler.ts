import { inboxHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import type { Mailer } from '../use-cases/send-email.js';
import { notifyCustomer } from '../use-cases/notify-customer.js';
import { notifyExportRequester } from '../use-cases/notify-export-requester.js';

/**
 * The email queue's handler. SES cannot join our transaction: the inbox row commits after the send,
 * so a crash between the two sends the email again (at-least-once), but never loses it.
 */
export function emailHandler(orm: MikroORM, mailer: Mailer, logger: Logger): SqsBatchHandler {
  return inboxHandler({
    orm,
    consumer: 'notifier',
    logger,
    apply: (em, event) => (event.type === 'export.ready' ? notifyExportRequester(em, mailer, logger, event) : notifyCustomer(mailer, logger, event)),
  });
}
