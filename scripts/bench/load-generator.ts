import { setTimeout as sleep } from 'node:timers/promises';
import hdr from 'hdr-histogram-js';

/** What one request came back with. */
export interface Outcome {
  ok: boolean;
  /** HTTP status, 0 when no answer came (connection refused, timeout). */
  status: number;
  detail?: string;
  /** When asked for (RequestTemplate.recordAnswers): the request's own clock times, to line it up with database timestamps. */
  answer?: AnswerTiming;
}

/** One request's wall-clock times (epoch ms, sub-millisecond) and the Server-Timing header it was answered with. */
export interface AnswerTiming {
  sentAtMs: number;
  answeredAtMs: number;
  serverTiming?: string;
}

export type Send = (seq: number) => Promise<Outcome>;

export interface LoadReport {
  mode: 'open' | 'closed';
  /** Open loop: the arrival rate asked for; closed loop: undefined. */
  targetPerSecond?: number;
  concurrency?: number;
  sent: number;
  completed: number;
  errors: number;
  /** Non-ok answers by HTTP status ('0' when none came). */
  errorsByStatus: Record<string, number>;
  firstError?: string;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
  /** Completed requests per second from the first send to the last answer. */
  achievedPerSecond: number;
  wallMs: number;
  /** Wall clock (epoch ms) of the first intended send, to line the run up with database timestamps. */
  startedAtEpochMs: number;
  /** Open loop: how late the generator was, at worst, to send a request at its intended time. */
  maxSendLagMs?: number;
  /** The machine's 1-minute load average when the run ended (set by the bench): two cores are shared. */
  loadAverage?: number;
  /** Open loop, when the template asked for them: each answered request's times, by sequence number. */
  answers?: (AnswerTiming & { seq: number })[];
}

/** When request `index` of an open loop at `perSecond` is due, counted from `start` (ms). */
export function intendedSendTime(start: number, perSecond: number, index: number): number {
  return start + (index * 1000) / perSecond;
}

/** Every request's latency and outcome; the histogram holds microseconds, so sub-millisecond answers keep their resolution. */
class Recorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  private errors = 0;
  private readonly errorsByStatus: Record<string, number> = {};
  private firstError: string | undefined;

  record(latencyMs: number, outcome: Outcome): void {
    this.histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
    if (outcome.ok) return;
    this.errors += 1;
    const key = String(outcome.status);
    this.errorsByStatus[key] = (this.errorsByStatus[key] ?? 0) + 1;
    this.firstError ??= `${outcome.status} ${outcome.detail ?? ''}`.trim();
  }

  report(fields: Pick<LoadReport, 'mode' | 'sent' | 'wallMs' | 'startedAtEpochMs' | 'targetPerSecond' | 'concurrency' | 'maxSendLagMs'>): LoadReport {
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / 1000;
    const completed = this.histogram.totalCount;
    return {
      ...fields,
      completed,
      errors: this.errors,
      errorsByStatus: this.errorsByStatus,
      ...(this.firstError ? { firstError: this.firstError } : {}),
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: this.histogram.maxValue / 1000,
      meanMs: this.histogram.mean / 1000,
      achievedPerSecond: fields.wallMs > 0 ? (completed / fields.wallMs) * 1000 : 0,
    };
  }
}

async function settle(send: Send, seq: number): Promise<Outcome> {
  try {
    return await send(seq);
  } catch (error) {
    return { ok: false, status: 0, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A fixed arrival rate, whatever the answers do: request i is due at start + i/rate and is sent then
 * (or at once, if the generator is late), and its latency counts from when it was due, not from when
 * it went out. A stall anywhere, in the server or in this process, therefore shows in every request
 * it delayed: the figures are free of coordinated omission.
 */
export async function runOpenLoop(options: { perSecond: number; durationMs: number; graceMs?: number }, send: Send): Promise<LoadReport> {
  const recorder = new Recorder();
  const total = Math.max(1, Math.floor((options.perSecond * options.durationMs) / 1000));
  const graceMs = options.graceMs ?? 10_000;
  const unanswered = new Map<number, number>();
  const allAnswered = Promise.withResolvers<void>();
  let scheduled = false;
  const startedAtEpochMs = Date.now();
  const start = performance.now();
  let maxSendLagMs = 0;
  const answers: (AnswerTiming & { seq: number })[] = [];
  for (let index = 0; index < total; index++) {
    const due = intendedSendTime(start, options.perSecond, index);
    const early = due - performance.now();
    if (early > 0) await sleep(early);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    unanswered.set(index, due);
    void settle(send, index).then((outcome) => {
      if (!unanswered.delete(index)) return;
      recorder.record(performance.now() - due, outcome);
      if (outcome.answer) answers.push({ seq: index, ...outcome.answer });
      if (scheduled && unanswered.size === 0) allAnswered.resolve();
    });
  }
  scheduled = true;
  if (unanswered.size === 0) allAnswered.resolve();
  // An overloaded server would otherwise stretch the run without end: what has not answered within the
  // grace after the last send counts as an error, with at least the latency it has already had.
  const grace = new AbortController();
  await Promise.race([allAnswered.promise, sleep(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
  grace.abort();
  const cutoff = performance.now();
  for (const due of unanswered.values()) recorder.record(cutoff - due, { ok: false, status: 0, detail: `no answer within ${graceMs} ms of the last send` });
  unanswered.clear();
  const report = recorder.report({
    mode: 'open',
    targetPerSecond: options.perSecond,
    sent: total,
    wallMs: cutoff - start,
    startedAtEpochMs,
    maxSendLagMs,
  });
  return answers.length > 0 ? { ...report, answers } : report;
}

/** `concurrency` workers, each sending its next request when the last one answered, until `durationMs` is up. */
export async function runClosedLoop(options: { concurrency: number; durationMs: number }, send: Send): Promise<LoadReport> {
  const recorder = new Recorder();
  const startedAtEpochMs = Date.now();
  const start = performance.now();
  const deadline = start + options.durationMs;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const seq = next++;
      const sentAt = performance.now();
      const outcome = await settle(send, seq);
      recorder.record(performance.now() - sentAt, outcome);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return recorder.report({ mode: 'closed', concurrency: options.concurrency, sent: next, wallMs: performance.now() - start, startedAtEpochMs });
}
