import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@loyalty/platform';
import type { Pool } from 'pg';
import { every } from './every.js';
import type { BreakerState } from './publish-breaker.js';

export interface RelayHeartbeat {
  /** Stops beating and removes this relay's row, so ops no longer see it. */
  stop(): Promise<void>;
}

export interface RelayHeartbeatOptions {
  intervalMs: number;
  breakerState: () => BreakerState;
  logger: Logger;
}

// Rows of relays that died without stopping are shown as stale for a day, then dropped.
const FORGET_AFTER = '1 day';

/**
 * Writes this relay's breaker state to messaging.relay_heartbeats every `intervalMs`, so `npm run ops
 * -- outbox status` can show every running relay and which ones stopped beating.
 */
export function startRelayHeartbeat(pool: Pool, { intervalMs, breakerState, logger }: RelayHeartbeatOptions): RelayHeartbeat {
  const relayId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const beating = every(intervalMs, async () => {
    try {
      await pool.query(
        `with forgotten as (delete from messaging.relay_heartbeats where beat_at < now() - interval '${FORGET_AFTER}')
         insert into messaging.relay_heartbeats (relay_id, host, pid, breaker_state, interval_ms) values ($1, $2, $3, $4, $5)
         on conflict (relay_id) do update set breaker_state = excluded.breaker_state, beat_at = now()`,
        [relayId, hostname(), process.pid, breakerState(), intervalMs],
      );
    } catch (error) {
      logger.warn({ err: error, relayId }, 'relay heartbeat not written');
    }
  });

  return {
    async stop() {
      await beating.stop();
      await pool.query('delete from messaging.relay_heartbeats where relay_id = $1', [relayId]).catch((error: unknown) => {
        logger.warn({ err: error, relayId }, 'relay heartbeat not removed; it shows as stale');
      });
    },
  };
}
