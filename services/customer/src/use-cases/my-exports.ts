import { PLATFORM_TENANT } from '@loyalty/contracts';
import { AppError } from '@loyalty/platform';
import { DataExport, type Customer, type EntityManager } from '@loyalty/db';
import { uuidv7, writeEvent } from '@loyalty/outbox';

/** Where a customer's own exports live in the exports bucket; a retry writes the same key. */
export function personalExportKey(customerId: string, exportId: string): string {
  return `exports/customers/${customerId}/${exportId}.jsonl.gz`;
}

/**
 * Asks for everything held about me as a file, produced by the exporter like a business's export.
 * One at a time: while one is pending or running, asking again answers that one.
 */
export async function requestMyExport(em: EntityManager, customer: Customer): Promise<DataExport> {
  return em.transactional(async (tx) => {
    // The customer's row lock makes two requests at once see each other's export.
    await tx.execute('select id from customer.customers where id = ? for update', [customer.id]);
    const inFlight = await tx.findOne(DataExport, { customerId: customer.id, status: { $in: ['pending', 'running'] } }, { orderBy: { createdAt: 'desc' } });
    if (inFlight) return inFlight;
    const id = uuidv7();
    const row = tx.create(DataExport, {
      id,
      businessId: null,
      customerId: customer.id,
      kind: 'personal-data',
      format: 'jsonl',
      filters: {},
      status: 'pending',
      rows: 0,
      bytes: null,
      objectKey: personalExportKey(customer.id, id),
      uploadId: null,
      attempts: 0,
      claimedUntil: null,
      error: null,
      requestedBy: customer.cognitoSub,
      // The notifier mails the customer's address as it is when the file is ready; none is copied here.
      requesterEmail: null,
      emailLink: null,
      startedAt: null,
      completedAt: null,
    });
    await tx.flush();
    await writeEvent(tx, {
      type: 'export.requested',
      businessId: PLATFORM_TENANT,
      aggregateId: id,
      payload: { exportId: id, kind: 'personal-data', format: 'jsonl', requestedAt: row.createdAt.toISOString() },
    });
    return row;
  });
}

/** Mine only: another customer's export is not found, as if it did not exist. */
export async function getMyExport(em: EntityManager, customer: Customer, exportId: string): Promise<DataExport> {
  const row = await em.findOne(DataExport, { id: exportId, customerId: customer.id });
  if (!row) throw AppError.notFound('Export');
  return row;
}
