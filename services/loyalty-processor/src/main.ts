import { runProcess } from '@loyalty/runtime';
import { loadProcessorConfig } from './config.js';
import { startLoyaltyProcessor } from './local.js';

await runProcess('loyalty-processor', (logger) => startLoyaltyProcessor(loadProcessorConfig(), logger));
