import type { SNSClient } from '@aws-sdk/client-sns';
import { sessionSettings } from '@loyalty/db/session-limits';
import type { Logger } from '@loyalty/platform';
import pg, { type Pool } from 'pg';
import { deletePublished } from './delete-published.js';
import { listenForOutbox, type OutboxListener } from './listen-for-outbox.js';
import { logOutcomes } from './log-outcomes.js';
import { exponentialBackoff, type BackoffPolicy } from './policies/backoff.js';
import { parkAfterAttempts, type ParkPolicy } from './policies/park.js';
import { createPublishBreaker, type BreakerState, type PublishBreakerOptions } from './publish-breaker.js';
import { publishRows, type TopicArnResolver } from './publish-rows.js';
import { commitOutcomes } from './commit-outcomes.js';
import { startBacklogReport, type BacklogReport } from './backlog-report.js';
import { startRelayHeartbeat, type RelayHeartbeat } from './relay-heartbeat.js';
import { retryParked } from './retry-parked.js';
import { requestWindow } from './request-window.js';
import { snsPublishBatch, type PublishBatch } from './sns-publish-batch.js';
import { withClaim } from './with-claim.js';

export interface RelayOptions {
  /** Rows claimed per transaction. */
  batchSize?: number;
  /**
   * Batches in flight at once, each in a transaction of its own. While one batch is published the next
   * is claimed (and the one before marked), so the database work hides behind SNS.
   */
  pipelineDepth?: number;
  /**
   * PublishBatch requests in flight at once, across the batches: each one that settles lets the next
   * start, in claim order, so SNS keeps getting work while a batch waits for its slowest request.
   */
  requestsInFlight?: number;
  /** Fallback sweep for missed notifications and for rows whose back-off has run out. */
  pollIntervalMs?: number;
  /** LISTEN for the insert trigger's NOTIFY. Turn off behind a transaction-pooling proxy. */
  listen?: boolean;
  publishTimeoutMs?: number;
  backoff?: BackoffPolicy;
  shouldPark?: ParkPolicy;
  breaker?: PublishBreakerOptions;
  retentionMs?: number;
  cleanupIntervalMs?: number;
  cleanupBatchSize?: number;
  /** How often the relay writes its breaker state to messaging.relay_heartbeats; 0 writes none. */
  heartbeatIntervalMs?: number;
  /** How often the relay logs its backlog ("outbox backlog", oldestPendingAgeSeconds) for the CloudWatch alarm; 0 logs none. */
  backlogReportIntervalMs?: number;
}

export type RelayConfig = ({ pool: Pool } | { databaseUrl: string }) & {
  sns: SNSClient;
  topicArn: TopicArnResolver;
  logger: Logger;
  options?: RelayOptions;
};

export interface DrainResult {
  claimed: number;
  published: number;
  failed: number;
  parked: number;
  deferred: number;
}

export interface Relay {
  start(): void;
  stop(): Promise<void>;
  /** Claims, publishes and marks one batch. Skips (claims nothing) while the breaker is open. */
  drainOnce(): Promise<DrainResult>;
  /** Drains what is due as the running relay does after a wake-up, with every lane, and adds up what they did. */
  drainBacklog(): Promise<DrainResult>;
  /** Asks the running relay to drain now; a no-op before start() and after stop(). */
  nudge(): void;
  retryParked(ids?: readonly string[]): Promise<string[]>;
  cleanupOnce(): Promise<number>;
  breakerState(): BreakerState;
}

// Three, not two: with two, both lanes were often claiming or marking at once on a busy database and
// no request was in flight.
const defaultPipelineDepth = 3;

/** A pool for a relay of `pipelineDepth` lanes: one connection per lane, two for heartbeat, backlog report and clean-up. */
export function createRelayPool(databaseUrl: string, pipelineDepth = defaultPipelineDepth): Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: pipelineDepth + 2, ...sessionSettings() });
}

const nothingDrained: DrainResult = { claimed: 0, published: 0, failed: 0, parked: 0, deferred: 0 };

export function createRelay(config: RelayConfig): Relay {
  const { sns, topicArn, logger, options = {} } = config;
  const batchSize = options.batchSize ?? 100;
  const pipelineDepth = options.pipelineDepth ?? defaultPipelineDepth;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60 * 1000;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? 15 * 60 * 1000;
  const cleanupBatchSize = options.cleanupBatchSize ?? 1_000;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
  const backlogReportIntervalMs = options.backlogReportIntervalMs ?? 60_000;
  const policies = { backoff: options.backoff ?? exponentialBackoff(), shouldPark: options.shouldPark ?? parkAfterAttempts(10) };

  const ownsPool = !('pool' in config);
  const pool = 'pool' in config ? config.pool : createRelayPool(config.databaseUrl, pipelineDepth);
  if (ownsPool) pool.on('error', (error) => logger.warn({ err: error }, 'idle outbox relay connection failed'));

  const breaker = createPublishBreaker(snsPublishBatch(sns, options.publishTimeoutMs ?? 5_000), logger, () => nudge(), options.breaker);

  let started = false;
  let wakeRequested = false;
  let draining: Promise<void> | undefined;
  let cleaning: Promise<number> | undefined;
  let listener: OutboxListener | undefined;
  let heartbeat: RelayHeartbeat | undefined;
  let backlogReport: BacklogReport | undefined;
  const timers: NodeJS.Timeout[] = [];
  const inWindow = requestWindow(options.requestsInFlight ?? 10);
  const publish: PublishBatch = (arn, entries) => inWindow(() => breaker.publish(arn, entries));

  async function drainOnce(): Promise<DrainResult> {
    if (breaker.state() === 'open') return nothingDrained;
    const recorded = await withClaim(pool, batchSize, async (client, rows) => {
      if (rows.length === 0) return undefined;
      const outcomes = await publishRows(rows, { publish, topicArn });
      return { claimed: rows.length, ...(await commitOutcomes(client, rows, outcomes, policies)) };
    });
    if (!recorded) return nothingDrained;
    logOutcomes(logger, recorded);
    return {
      claimed: recorded.claimed,
      published: recorded.published.length,
      failed: recorded.failed.length,
      parked: recorded.failed.filter((failure) => failure.parked).length,
      deferred: recorded.deferred.length,
    };
  }

  // Each lane drains until a claim comes back short; pipelineDepth lanes overlap claims with publishes.
  async function drainLanes(keepGoing: () => boolean): Promise<DrainResult> {
    const total = { ...nothingDrained };
    // Settled, not all: a failing lane must not leave its siblings running after the drain is over.
    const lanes = await Promise.allSettled(
      Array.from({ length: pipelineDepth }, async () => {
        let result: DrainResult;
        do {
          result = await drainOnce();
          for (const key of Object.keys(total) as (keyof DrainResult)[]) total[key] += result[key];
        } while (keepGoing() && result.claimed === batchSize && result.deferred === 0);
      }),
    );
    const failed = lanes.find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    return total;
  }

  // One drain per relay; a wake-up during a drain makes it go round once more instead of starting a second.
  async function drainWhileWoken(): Promise<void> {
    try {
      while (wakeRequested && started) {
        wakeRequested = false;
        await drainLanes(() => started);
      }
    } catch (error) {
      logger.error({ err: error }, 'outbox drain failed; retrying at the next wake-up');
    } finally {
      draining = undefined;
    }
  }

  function nudge() {
    if (!started) return;
    wakeRequested = true;
    draining ??= drainWhileWoken();
  }

  async function cleanupOnce(): Promise<number> {
    cleaning ??= deletePublished(pool, { olderThanMs: retentionMs, batchSize: cleanupBatchSize }).finally(() => {
      cleaning = undefined;
    });
    return cleaning;
  }

  function every(ms: number, task: () => void) {
    const timer = setInterval(task, ms);
    timer.unref();
    timers.push(timer);
  }

  return {
    start() {
      if (started) return;
      started = true;
      if (options.listen ?? true) listener = listenForOutbox({ clientConfig: pool.options, logger, onWake: nudge });
      if (heartbeatIntervalMs > 0) heartbeat = startRelayHeartbeat(pool, { intervalMs: heartbeatIntervalMs, breakerState: breaker.state, logger });
      if (backlogReportIntervalMs > 0) backlogReport = startBacklogReport(pool, { intervalMs: backlogReportIntervalMs, logger });
      every(pollIntervalMs, nudge);
      every(cleanupIntervalMs, () => {
        cleanupOnce().then(
          (deleted) => logger.debug({ deleted }, 'outbox clean-up done'),
          (error: unknown) => logger.error({ err: error }, 'outbox clean-up failed'),
        );
      });
      nudge();
    },
    async stop() {
      started = false;
      for (const timer of timers.splice(0)) clearInterval(timer);
      await listener?.close();
      listener = undefined;
      await draining;
      await cleaning?.catch(() => undefined);
      await heartbeat?.stop();
      heartbeat = undefined;
      await backlogReport?.stop();
      backlogReport = undefined;
      breaker.shutdown();
      if (ownsPool) await pool.end();
    },
    drainOnce,
    drainBacklog: () => drainLanes(() => true),
    nudge,
    async retryParked(ids) {
      const retried = await retryParked(pool, ids);
      nudge();
      return retried;
    },
    cleanupOnce,
    breakerState: breaker.state,
  };
}
