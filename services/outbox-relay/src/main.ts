import { runProcess } from '@loyalty/runtime';
import { loadRelayConfig } from './config.js';
import { startOutboxRelay } from './relay-process.js';

await runProcess('outbox-relay', (logger) => startOutboxRelay(loadRelayConfig(), logger));
