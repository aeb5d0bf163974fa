export { startApiProcess, type ApiParts, type ApiProcessConfig, type RunningApi } from './api-process.js';
export { startConsumerProcess, lazyHandler, type ConsumerProcessConfig, type RunningConsumer } from './consumer-process.js';
export { awsClientsFor } from './aws-clients-for.js';
export { runProcess } from './run-process.js';
