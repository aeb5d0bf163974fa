import { runProcess } from '@loyalty/runtime';
import { startAuditWriter } from './audit-local.js';
import { loadAuditWriterConfig } from './config.js';

await runProcess('audit-writer', (logger) => startAuditWriter(loadAuditWriterConfig(), logger));
