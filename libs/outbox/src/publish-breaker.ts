import type { PublishBatchRequestEntry, PublishBatchResponse } from '@aws-sdk/client-sns';
import type { Logger } from '@loyalty/platform';
import CircuitBreaker from 'opossum';
import { isRejectedRequest } from './publish-failure.js';
import type { PublishBatch } from './sns-publish-batch.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface PublishBreakerOptions {
  /** How long the breaker stays open before one trial request (half-open). */
  resetTimeoutMs?: number;
  errorThresholdPercentage?: number;
  /** Requests in the rolling window before the error percentage may open the breaker. */
  volumeThreshold?: number;
  rollingCountTimeoutMs?: number;
}

export interface PublishBreaker {
  publish: PublishBatch;
  state(): BreakerState;
  shutdown(): void;
}

/**
 * Wraps PublishBatch in an opossum breaker. Requests SNS rejected as malformed (isRejectedRequest) are
 * the rows' fault, not SNS's, so they do not count towards opening it. The SNS call has its own abort
 * time-out, so the breaker's is off.
 */
export function createPublishBreaker(publish: PublishBatch, logger: Logger, onRecovering: () => void, options: PublishBreakerOptions = {}): PublishBreaker {
  const breaker = new CircuitBreaker<[string, PublishBatchRequestEntry[]], PublishBatchResponse>(publish, {
    timeout: false,
    resetTimeout: options.resetTimeoutMs ?? 10_000,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
    errorFilter: isRejectedRequest,
  });
  breaker.on('open', () => logger.warn('SNS publish breaker opened: the relay stops publishing, rows stay due'));
  breaker.on('halfOpen', () => {
    logger.info('SNS publish breaker half-open: trying one request');
    onRecovering();
  });
  breaker.on('close', () => {
    logger.info('SNS publish breaker closed: publishing resumed');
    onRecovering();
  });
  return {
    publish: (topicArn, entries) => breaker.fire(topicArn, entries),
    state: () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed'),
    shutdown: () => breaker.shutdown(),
  };
}
