export { startConsumerProcess, type ConsumerProcessConfig, type RunningConsumer } from './consumer-process.js';
export { lazyHandler } from './lazy-handler.js';
export { awsClientConfigFor, awsClientsFor } from './aws-clients-for.js';
export { isEmulatorGap } from './emulator-gaps.js';
export { runProcess } from './run-process.js';
