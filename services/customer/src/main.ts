import { runProcess } from '@loyalty/runtime';
import { loadCustomerConfig } from './config.js';
import { startCustomerServer } from './server.js';

await runProcess('customer-api', (logger) => startCustomerServer(loadCustomerConfig(), logger));
