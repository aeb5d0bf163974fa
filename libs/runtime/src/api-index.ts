export { startApiProcess, type ApiParts, type ApiProcessConfig, type RunningApi } from './api-process.js';
export type { ApiGuards } from './api-guards.js';
export { createQuota, guardEnv, limitEnv, type GuardConfig, type Quota, type SignInGuard } from '@loyalty/guard';
export { listen, type Listening } from './listen.js';
