export { createDocumentClient, documentClient, tableName } from './document-client.js';
export {
  auditCategories,
  putAuditEntry,
  queryAuditEntries,
  type AuditCategory,
  type AuditEntry,
  type AuditQuery,
  type AuditTable,
} from './audit-log.js';
