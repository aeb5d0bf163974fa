import { formatTable } from '../shared/table.js';
import type { LoadReport } from './load-generator.js';
import { statementTables } from './pg-statements.js';
import type { ThroughputRun } from './relay-throughput.js';
import { ms, perSecond, ratio } from './stats.js';
import type { SystemBenchResult } from './system-bench.js';

/** The summary `--summary-json` writes: one figure per goal of issue 10, null when its section did not run. */
export interface BenchSummary {
  writePathVsBare: number | null;
  visitWaitP50Ms: number | null;
  visitWaitP99Ms: number | null;
  visitWaitMaxMs: number | null;
  visitWaitP99MsAt200: number | null;
  appliedPerSecond: number | null;
  relayVsRaw: number | null;
  relayVsRawTwoWorkers: number | null;
  /** The larger of the two APIs' RSS after the load (both are in the memory table). */
  apiRssMiB: number | null;
  processorRssMiB: number | null;
  cards: number | null;
  ledgerEntries: number | null;
  /** The wait below the ceiling: one entry per sweep rate. */
  visitWaitByRate: { perSecond: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null; non200: number }[];
}

const round = (value: number, digits: number) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** relay events/s over raw PublishBatch events/s, to a topic with the transactions queue's subscription shape. */
function relayRatio(runs: readonly ThroughputRun[] | undefined, workers: number): number | null {
  const of = (kind: ThroughputRun['kind']) => runs?.find((run) => run.sink === 'SQS subscriber' && run.workers === workers && run.kind === kind);
  const relay = of('relay');
  const raw = of('raw PublishBatch');
  return relay && raw ? round(relay.perSecond / raw.perSecond, 3) : null;
}

export function benchSummary(system: SystemBenchResult | undefined, relayRuns: readonly ThroughputRun[] | undefined): BenchSummary {
  const rss = (name: string) => system?.memory.find((entry) => entry.name === name)?.rssMiB ?? Number.NaN;
  return {
    writePathVsBare: system ? round(system.writePath.systemRate / system.writePath.bareRate, 3) : null,
    visitWaitP50Ms: system ? round(system.visitWait.at100.p50Ms, 2) : null,
    visitWaitP99Ms: system ? round(system.visitWait.at100.p99Ms, 2) : null,
    visitWaitMaxMs: system ? round(system.visitWait.at100.maxMs, 2) : null,
    visitWaitP99MsAt200: system ? round(system.visitWait.at200.p99Ms, 2) : null,
    appliedPerSecond: system ? round(system.throughput.appliedPerSecond, 1) : null,
    relayVsRaw: relayRatio(relayRuns, 1),
    relayVsRawTwoWorkers: relayRatio(relayRuns, 2),
    apiRssMiB: system ? round(Math.max(rss('admin-api'), rss('customer-api')), 1) : null,
    processorRssMiB: system ? round(rss('loyalty-processor'), 1) : null,
    cards: system?.counts.cards ?? null,
    ledgerEntries: system?.counts.ledgerEntries ?? null,
    visitWaitByRate: (system?.visitWait.sweep ?? []).map((report) => ({
      perSecond: report.targetPerSecond ?? Number.NaN,
      p50Ms: round(report.p50Ms, 2),
      p99Ms: round(report.p99Ms, 2),
      maxMs: round(report.maxMs, 2),
      non200: report.errors,
    })),
  };
}

function loadRow(label: string, report: LoadReport): string[] {
  return [
    label,
    report.targetPerSecond === undefined ? `closed, ${report.concurrency}` : `open, ${report.targetPerSecond}/s`,
    report.completed.toLocaleString('en-US'),
    report.errors === 0
      ? '0'
      : `${report.errors} (${Object.entries(report.errorsByStatus)
          .map(([status, count]) => `${status}: ${count}`)
          .join(', ')})`,
    perSecond(report.achievedPerSecond),
    ms(report.p50Ms),
    ms(report.p90Ms),
    ms(report.p99Ms),
    ms(report.maxMs),
    report.loadAverage?.toFixed(1) ?? '-',
  ];
}

const loadHeader = ['run', 'load', 'answers', 'errors', 'achieved', 'p50', 'p90', 'p99', 'max', 'load avg'];

export function systemTables(result: SystemBenchResult): string[] {
  const { writePath, visitWait, throughput } = result;
  const errorsOf = (reports: readonly LoadReport[]) => reports.flatMap((report) => (report.firstError ? [report.firstError] : []));
  return [
    `\n5. The system as separate processes (service bundles ${result.builtBundles}; logs in ${result.logDir})\n${result.runners.map((line) => `   - ${line}`).join('\n')}\n   Load from its own process (open loop: latency from each request's intended send time; closed loop: N workers back to back).`,
    formatTable(
      `5a. Write path: POST visit (202) vs a bare Koa + pg endpoint (BEGIN, INSERT transaction, INSERT outbox, COMMIT), relay and consumers stopped, ${writePath.system.length} alternating rounds`,
      [...loadHeader, 'vs bare'],
      [
        ...writePath.bare.map((report, index) => [...loadRow(`bare Koa + pg, round ${index + 1}`, report), '']),
        ...writePath.system.map((report, index) => [...loadRow(`admin API visit, round ${index + 1}`, report), '']),
        ['all rounds: bare', '', '', '', perSecond(writePath.bareRate), '', '', '', '', '', '1.00x'],
        ['all rounds: admin API', '', '', '', perSecond(writePath.systemRate), '', '', '', '', '', ratio(writePath.systemRate, writePath.bareRate)],
      ],
    ),
    formatTable(
      '5b. Visit with Prefer: wait=5 through the whole loop, open loop (errors: any answer but 200)',
      [...loadHeader, 'worst send lag'],
      [
        ...visitWait.sweep.map((report) => [...loadRow('visit, wait=5', report), ms(report.maxSendLagMs ?? Number.NaN)]),
        [...loadRow('visit, wait=5', visitWait.at100), ms(visitWait.at100.maxSendLagMs ?? Number.NaN)],
        [...loadRow('visit, wait=5', visitWait.at200), ms(visitWait.at200.maxSendLagMs ?? Number.NaN)],
      ],
    ),
    formatTable(
      "5b′. Where the time of those visits went, below the ceiling (p50 / p95 per segment, from the load generator's send and answer times, the database's timestamps and the admin API's Server-Timing; segments do not add up at p50)",
      ['segment', ...visitWait.sweepSegments.map((run) => `${run.perSecond}/s (${run.visits} visits)`)],
      (visitWait.sweepSegments[0]?.segments ?? []).map((segment, index) => [
        segment.name,
        ...visitWait.sweepSegments.map((run) => `${ms(run.segments[index]?.p50 ?? Number.NaN)} / ${ms(run.segments[index]?.p95 ?? Number.NaN)}`),
      ]),
    ),
    formatTable(
      '5c. Sustained applied throughput: visits (202) as fast as the API takes them, then until every one is settled',
      ['measure', 'figure'],
      [
        ['push: answers (errors)', `${throughput.push.completed.toLocaleString('en-US')} (${throughput.push.errors})`],
        ['push: accepted/s', perSecond(throughput.push.achievedPerSecond)],
        ['push: latency p50 / p99 / max', `${ms(throughput.push.p50Ms)} / ${ms(throughput.push.p99Ms)} / ${ms(throughput.push.maxMs)}`],
        ['settled visits', throughput.settled.toLocaleString('en-US')],
        ['first request → last settle', `${(throughput.elapsedMs / 1000).toFixed(1)} s`],
        ['applied/s', perSecond(throughput.appliedPerSecond)],
        ['created → applied p50 / p99 / max', `${ms(throughput.applyLagP50Ms)} / ${ms(throughput.applyLagP99Ms)} / ${ms(throughput.applyLagMaxMs)}`],
        ['load average at the end of the push', throughput.push.loadAverage?.toFixed(1) ?? '-'],
      ],
    ),
    formatTable(
      '5c′. CPU per settled visit during that run, by process (/proc/<pid>/stat): where the whole-system ceiling comes from',
      ['process', 'CPU ms per visit'],
      [
        ...throughput.cpuMsPerVisit.map((entry) => [entry.name, entry.ms.toFixed(2)]),
        ['all of the above', throughput.cpuMsPerVisit.reduce((sum, entry) => sum + (Number.isNaN(entry.ms) ? 0 : entry.ms), 0).toFixed(2)],
      ],
    ),
    ...(throughput.statements ? statementTables(throughput.statements, throughput.settled) : []),
    formatTable(
      '5d. Memory of each process after the load (/proc/<pid>/status of the service’s own node process)',
      ['process', 'runs with', 'RSS when ready', 'RSS after the load', 'peak RSS (VmHWM)'],
      result.memory.map((entry) => [
        entry.name,
        entry.runner,
        `${entry.idleRssMiB.toFixed(1)} MiB`,
        `${entry.rssMiB.toFixed(1)} MiB`,
        `${entry.peakMiB.toFixed(1)} MiB`,
      ]),
      ['left', 'left', 'right', 'right', 'right'],
    ),
    `\n   Database at the end: ${result.counts.cards.toLocaleString('en-US')} cards, ${result.counts.ledgerEntries.toLocaleString('en-US')} ledger entries.`,
    ...[...errorsOf(writePath.system), ...errorsOf([...visitWait.sweep, visitWait.at100, visitWait.at200, throughput.push])]
      .slice(0, 3)
      .map((error) => `   first error: ${error}`),
  ];
}
