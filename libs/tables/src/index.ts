export { createDocumentClient, documentClient, tableName, type DynamoDBDocumentClient } from './document-client.js';
export { BATCH_WRITE_LIMIT, batchPut } from './batch-put.js';
export {
  auditCategories,
  putAuditEntry,
  queryAuditEntries,
  type AuditCategory,
  type AuditEntry,
  type AuditQuery,
  type AuditTable,
} from './audit-log.js';
export {
  cardHistoryPage,
  fromHistoryItem,
  HISTORY_BY_CARD,
  HISTORY_BY_CUSTOMER,
  historyKey,
  historyStatuses,
  putHistoryEntry,
  stageOf,
  timelineOf,
  toHistoryItem,
  type HistoryEntry,
  type HistoryItem,
  type HistoryStatus,
} from './transaction-history.js';
