import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { QueueName } from '@loyalty/topology';
import type { Infrastructure } from './infrastructure.js';
import type { Random } from './random.js';
import type { Supervisor } from './supervisor.js';

export type FaultKind = `kill -9 ${string}` | 'SNS cut' | 'Redis stopped' | 'PostgreSQL restart -m fast' | 'PostgreSQL restart -m immediate';

export interface InjectedFault {
  kind: FaultKind;
  /** Seconds since the workload began. */
  atSeconds: number;
  /** Until the system was whole again (the process ready, the service back). */
  recoveryMs: number;
}

export interface Poison {
  queue: QueueName;
  body: string;
}

export interface FaultPlan {
  /** Each round (every kind once) falls within a window this long. */
  windowSeconds: number;
  /** Rounds at least; more while the workload is not done. */
  rounds: number;
  snsCutSeconds: number;
  redisDownSeconds: number;
}

/** One round: every kind once, at seeded random moments of the window that starts at `offsetSeconds`. */
export function scheduleRound(random: Random, processes: readonly string[], windowSeconds: number, offsetSeconds: number): ScheduledFault[] {
  const kinds: FaultKind[] = [
    ...processes.map((name): FaultKind => `kill -9 ${name}`),
    'SNS cut',
    'Redis stopped',
    'PostgreSQL restart -m fast',
    'PostgreSQL restart -m immediate',
  ];
  return kinds
    .map((kind) => ({ kind, atSeconds: Math.round((offsetSeconds + (0.05 + 0.9 * random.next()) * windowSeconds) * 10) / 10 }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

export interface ScheduledFault {
  kind: FaultKind;
  atSeconds: number;
}

/**
 * Injects the schedule, each fault at its moment whatever the others are doing, so faults overlap
 * (a kill while PostgreSQL restarts, a restart while SNS is cut). Faults of one kind queue behind each
 * other: a process is not killed again before it is back, PostgreSQL not restarted mid-restart.
 */
export async function injectFaults({
  nextRound,
  workloadDone,
  infrastructure,
  supervisor,
  plan,
  startedAt,
  log,
}: {
  /** The faults of round `round` (from 0), in the order of their moments. */
  nextRound: (round: number) => ScheduledFault[];
  /** True once the workload has issued its writes: no round starts after that, and the current one stops. */
  workloadDone: () => boolean;
  infrastructure: Infrastructure;
  supervisor: Supervisor;
  plan: FaultPlan;
  startedAt: number;
  log: (line: string) => void;
}): Promise<InjectedFault[]> {
  const injected: InjectedFault[] = [];
  const running: Promise<void>[] = [];
  const lanes = new Map<string, Promise<void>>();
  const now = () => (performance.now() - startedAt) / 1000;

  const inject = async (kind: FaultKind): Promise<void> => {
    if (kind.startsWith('kill -9 ')) {
      await supervisor.kill9(kind.slice('kill -9 '.length));
    } else if (kind === 'SNS cut') {
      await infrastructure.sns.down();
      await sleep(plan.snsCutSeconds * 1000);
      await infrastructure.sns.up();
    } else if (kind === 'Redis stopped') {
      await infrastructure.redis.stop();
      await sleep(plan.redisDownSeconds * 1000);
      await infrastructure.redis.start();
    } else {
      await infrastructure.postgres.restart(kind.endsWith('fast') ? 'fast' : 'immediate');
      await supervisor.allReady();
    }
  };

  // At least `plan.rounds` rounds; more while the workload still writes, stopping when it is done.
  const enough = (round: number) => round >= plan.rounds && workloadDone();
  for (let round = 0; !enough(round); round++) {
    for (const { kind, atSeconds } of nextRound(round)) {
      while (atSeconds > now() && !enough(round)) await sleep(Math.min(250, (atSeconds - now()) * 1000));
      if (enough(round)) break;
      launch(kind);
    }
  }
  await Promise.all(running);
  return injected.sort((a, b) => a.atSeconds - b.atSeconds);

  function launch(kind: FaultKind): void {
    const lane = kind.startsWith('PostgreSQL') ? 'PostgreSQL' : kind;
    const next = (lanes.get(lane) ?? Promise.resolve()).then(async () => {
      const at = Math.round(now() * 10) / 10;
      log(`fault at ${at} s: ${kind}`);
      const began = performance.now();
      await inject(kind);
      injected.push({ kind, atSeconds: at, recoveryMs: performance.now() - began });
    });
    lanes.set(lane, next);
    running.push(next);
  }
}

/** Messages no consumer can accept, sent straight to the queues: the only ones the DLQs may hold at the end. */
export async function injectPoison(infrastructure: Infrastructure): Promise<Poison[]> {
  const envelope = (type: string, payload: Record<string, unknown>) =>
    JSON.stringify({
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      businessId: randomUUID(),
      aggregate: { type: 'transaction', id: randomUUID() },
      correlationId: randomUUID(),
      causationId: null,
      payload,
    });
  const poison: Poison[] = [
    { queue: 'transactions', body: envelope('transaction.recorded', { cardId: 'not-a-card' }) },
    { queue: 'transactions', body: `{"chaos poison": not json ${randomUUID()}` },
    { queue: 'email', body: envelope('reward.unlocked', { rewardId: 'not-a-reward' }) },
  ];
  for (const { queue, body } of poison) {
    await infrastructure.clients.sqs.send(new SendMessageCommand({ QueueUrl: infrastructure.topology.queues[queue].url, MessageBody: body }));
  }
  return poison;
}
