import { runProcess } from '@loyalty/runtime';
import { loadAdminConfig } from './config.js';
import { startAdminServer } from './server.js';

await runProcess('admin-api', (logger) => startAdminServer(loadAdminConfig(), logger));
