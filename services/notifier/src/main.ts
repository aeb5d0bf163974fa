import { runProcess } from '@loyalty/runtime';
import { loadNotifierConfig } from './config.js';
import { startNotifier } from './local.js';

await runProcess('notifier', (logger) => startNotifier(loadNotifierConfig(), logger));
