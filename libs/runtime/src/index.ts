export { startApiProcess, type ApiParts, type ApiProcessConfig, type RunningApi } from './api-process.js';
export type { ApiGuards } from './api-guards.js';
export { guardEnv, type GuardConfig, type SignInGuard } from '@loyalty/guard';
export { startConsumerProcess, lazyHandler, type ConsumerProcessConfig, type RunningConsumer } from './consumer-process.js';
export { awsClientsFor } from './aws-clients-for.js';
export { isEmulatorGap } from './emulator-gaps.js';
export { runProcess } from './run-process.js';
