import type { SNSClient } from '@aws-sdk/client-sns';
import { createLogger, type Logger } from '@loyalty/platform';
import type pg from 'pg';
import { createRelay, type Relay, type RelayOptions, type TopicArnResolver } from '../../src/index.js';

export function testLogger(): Logger {
  return createLogger('outbox-test', process.env.LOG_LEVEL ?? 'silent');
}

/** A relay for tests: no timers unless start() is called, breaker tuned to react within a test's time. */
export function testRelay(pool: pg.Pool, sns: SNSClient, topicArn: TopicArnResolver, options: RelayOptions = {}, logger: Logger = testLogger()): Relay {
  return createRelay({
    pool,
    sns,
    topicArn,
    logger,
    options: { pollIntervalMs: 100, backoff: () => 0, ...options, breaker: { resetTimeoutMs: 200, volumeThreshold: 1, ...options.breaker } },
  });
}
