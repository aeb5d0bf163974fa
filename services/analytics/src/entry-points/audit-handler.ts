import { sqsEventHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { Logger } from '@loyalty/platform';
import type { AuditTable } from '@loyalty/tables';
import type { AuditWriterConfig } from '../config.js';
import { recordAuditEntry } from '../use-cases/record-audit-entry.js';

/**
 * The audit queue's handler. Its only effect is a conditional put keyed by the event id, so it needs
 * no inbox: a redelivery is a duplicate put, which succeeds.
 */
export function auditHandler(config: AuditWriterConfig, table: AuditTable, logger: Logger): SqsBatchHandler {
  const retention = { security: config.AUDIT_TTL_SECURITY_DAYS, staff_action: config.AUDIT_TTL_STAFF_ACTION_DAYS };
  return sqsEventHandler({ consumer: 'audit-writer', logger, handle: (event) => recordAuditEntry(table, retention, logger, event) });
}
