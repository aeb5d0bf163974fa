import type { Envelope, EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import type { ExportKind } from '@loyalty/db/model';
import type { Logger } from '@loyalty/platform';
import { exportReadyEmail } from '../templates/export-ready.js';
import { sendEmail, type Mailer } from './send-email.js';

/**
 * The person who asked for an export gets its link: the staff member, or for a customer's own data
 * the customer, at their address of now (none once the account is deleted). The link was presigned by
 * the exporter and kept on the export row, so no download link travels in an event (events outlive
 * their readers: queues, dead letters, the outbox).
 */
export async function notifyExportRequester(
  em: EntityManager,
  mailer: Mailer,
  logger: Logger,
  event: Envelope<'export.ready', EventPayload<'export.ready'>>,
): Promise<void> {
  const [row] = await em.execute<{ requester_email: string | null; email_link: string | null; kind: ExportKind; format: string }[]>(
    `select case when e.customer_id is null then e.requester_email else c.email end as requester_email, e.email_link, e.kind, e.format
       from business.exports e left join customer.customers c on c.id = e.customer_id
      where e.id = ?`,
    [event.payload.exportId],
  );
  if (!row?.requester_email || !row.email_link) {
    logger.info({ exportId: event.payload.exportId }, 'export has no requester email address or link; nothing sent');
    return;
  }
  const content = exportReadyEmail({ kind: row.kind, format: row.format, rows: event.payload.rows, link: row.email_link });
  await sendEmail(mailer, row.requester_email, content, { tags: { eventId: event.id } });
}
