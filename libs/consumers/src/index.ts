export { sqsEventHandler, type SqsBatchHandler, type SqsEventHandlerOptions, type EventContext } from './sqs-event-handler.js';
export { handleOnce, type InboxEntry, type InboxOutcome } from './handle-once.js';
export { inboxHandler, type InboxHandlerOptions } from './inbox-handler.js';
export { inboxBatchHandler, type InboxBatchHandlerOptions } from './inbox-batch-handler.js';
export { startQueueRunner, type QueueRunner, type QueueRunnerOptions } from './queue-runner.js';
export { recordFailuresIn, recordedFailures, type ConsumerFailure, type FailureRecorder, type RecordedFailure } from './consumer-failures.js';
