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
  windowSeconds: number;
  rounds: number;
  snsCutSeconds: number;
  redisDownSeconds: number;
}

/** Every kind `rounds` times, at seeded random moments of the window, in a seeded random order. */
export function scheduleFaults(random: Random, processes: readonly string[], plan: FaultPlan): { kind: FaultKind; atSeconds: number }[] {
  const kinds: FaultKind[] = [
    ...processes.map((name): FaultKind => `kill -9 ${name}`),
    'SNS cut',
    'Redis stopped',
    'PostgreSQL restart -m fast',
    'PostgreSQL restart -m immediate',
  ];
  const all = Array.from({ length: plan.rounds }, () => kinds).flat();
  return all
    .map((kind) => ({ kind, atSeconds: Math.round((0.05 + 0.85 * random.next()) * plan.windowSeconds * 10) / 10 }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

/**
 * Injects the schedule, each fault at its moment whatever the others are doing, so faults overlap
 * (a kill while PostgreSQL restarts, a restart while SNS is cut). Faults of one kind queue behind each
 * other: a process is not killed again before it is back, PostgreSQL not restarted mid-restart.
 */
export async function injectFaults(
  schedule: readonly { kind: FaultKind; atSeconds: number }[],
  {
    infrastructure,
    supervisor,
    plan,
    startedAt,
    log,
  }: { infrastructure: Infrastructure; supervisor: Supervisor; plan: FaultPlan; startedAt: number; log: (line: string) => void },
): Promise<InjectedFault[]> {
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

  for (const { kind, atSeconds } of schedule) {
    const wait = atSeconds - now();
    if (wait > 0) await sleep(wait * 1000);
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
  await Promise.all(running);
  return injected.sort((a, b) => a.atSeconds - b.atSeconds);
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
