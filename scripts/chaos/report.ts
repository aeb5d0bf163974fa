import { formatTable } from '../shared/table.js';
import type { Guarantee } from './checks.js';
import type { InjectedFault, Poison } from './faults.js';
import type { WorkloadResult } from './workload.js';

export interface Summary {
  seed: number;
  writes: number;
  faults: { kind: string; count: number; atSeconds: number[] }[];
  guarantees: { name: string; checked: number; violations: number }[];
  violations: number;
  unexpectedExits: Record<string, number>;
  wallSeconds: number;
}

export function summarize(
  seed: number,
  faults: readonly InjectedFault[],
  poison: readonly Poison[],
  guarantees: readonly Guarantee[],
  workload: WorkloadResult,
  unexpectedExits: Map<string, number>,
  wallMs: number,
): Summary {
  const byKind = new Map<string, number[]>();
  for (const fault of faults) byKind.set(fault.kind, [...(byKind.get(fault.kind) ?? []), fault.atSeconds]);
  return {
    seed,
    writes: workload.records.length,
    faults: [
      { kind: `poison into SQS (${[...new Set(poison.map((message) => message.queue))].join(', ')})`, count: poison.length, atSeconds: [0] },
      ...[...byKind].map(([kind, atSeconds]) => ({ kind, count: atSeconds.length, atSeconds })),
    ],
    guarantees: guarantees.map((guarantee) => ({ name: guarantee.name, checked: guarantee.checked, violations: guarantee.violations.length })),
    violations: guarantees.reduce((sum, guarantee) => sum + guarantee.violations.length, 0),
    unexpectedExits: Object.fromEntries(unexpectedExits),
    wallSeconds: Math.round(wallMs / 100) / 10,
  };
}

export function report(summary: Summary, faults: readonly InjectedFault[], guarantees: readonly Guarantee[], workload: WorkloadResult): string {
  const recovery = (kind: string) => {
    const times = faults.filter((fault) => fault.kind === kind).map((fault) => fault.recoveryMs);
    return times.length === 0 ? '-' : `${(Math.max(...times) / 1000).toFixed(1)} s`;
  };
  const kinds = new Map<string, number>();
  for (const record of workload.records) kinds.set(record.kind, (kinds.get(record.kind) ?? 0) + 1);
  const told = (type: string) => workload.records.filter((record) => record.told.type === type).length;
  const lines = [
    formatTable(
      `Faults injected (seed ${summary.seed})`,
      ['fault', 'count', 'at (s since the workload began)', 'back within'],
      summary.faults.map((fault) => [fault.kind, String(fault.count), fault.atSeconds.map((at) => at.toFixed(1)).join(', '), recovery(fault.kind)]),
      ['left', 'right', 'left', 'right'],
    ),
    formatTable(
      `Workload: ${summary.writes.toLocaleString('en-US')} POS writes in ${(workload.wallMs / 1000).toFixed(1)} s`,
      ['measure', 'count'],
      [
        ...[...kinds].map(([kind, count]) => [`${kind}`, count.toLocaleString('en-US')]),
        ['accepted (2xx)', told('accepted').toLocaleString('en-US')],
        [
          '  of which settled rejected',
          workload.records.filter((record) => record.told.type === 'accepted' && record.told.settled === 'rejected').length.toLocaleString('en-US'),
        ],
        ['  of which learned by polling after 202', workload.records.filter((record) => record.polled).length.toLocaleString('en-US')],
        ['rejected (4xx with a code)', told('rejected').toLocaleString('en-US')],
        ['unanswered', told('unanswered').toLocaleString('en-US')],
        ['no-answers retried (network error, 5xx, 429)', workload.records.reduce((sum, record) => sum + record.unknowns, 0).toLocaleString('en-US')],
        ...noAnswerReasons(workload).map(([reason, count]) => [`  ${reason}`, count.toLocaleString('en-US')]),
        ...Object.entries(summary.unexpectedExits).map(([name, count]) => [`process died by itself: ${name}`, String(count)]),
      ],
    ),
    formatTable(
      'Guarantees checked',
      ['guarantee', 'checked', 'violations'],
      guarantees.map((guarantee) => [guarantee.name, guarantee.checked.toLocaleString('en-US'), String(guarantee.violations.length)]),
    ),
  ];
  for (const guarantee of guarantees) {
    if (guarantee.violations.length === 0) continue;
    lines.push(
      `\nViolations of "${guarantee.name}" (first 20 of ${guarantee.violations.length}):`,
      ...guarantee.violations.slice(0, 20).map((line) => `  - ${line}`),
    );
  }
  lines.push(
    `\n${summary.violations === 0 ? 'No violations.' : `${summary.violations} violation(s).`} Seed ${summary.seed} (replay: npm run chaos -- --seed ${summary.seed}); ${summary.wallSeconds} s in all.`,
  );
  return lines.join('\n');
}

function noAnswerReasons(workload: WorkloadResult): [string, number][] {
  const reasons = new Map<string, number>();
  for (const record of workload.records)
    for (const [reason, count] of Object.entries(record.noAnswers)) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  return [...reasons].sort((a, b) => b[1] - a[1]);
}
