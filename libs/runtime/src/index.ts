export { startConsumerProcess, withLocalSchedule, type ConsumerProcessConfig, type RunningConsumer } from './consumer-process.js';
export { lazyHandler, type LazyHandlerOptions } from './lazy-handler.js';
export { resolveSecretEnv, secretsManagerFetcher, type SecretFetcher } from './secret-env.js';
export { awsClientConfigFor, awsClientsFor } from './aws-clients-for.js';
export { isEmulatorGap } from './emulator-gaps.js';
export { runProcess } from './run-process.js';
export { startLambdaInvokeServer, type InvokedFunction, type LambdaInvokeServer } from './lambda-invoke-server.js';
