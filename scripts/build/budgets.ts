import { formatTable } from '../shared/table.js';
import type { ColdStart } from './cold-start.js';
import type { LambdaArtifact } from './lambdas.js';

const MiB = 1024 * 1024;

export const lambdaBudgets = {
  zipBytes: 1 * MiB,
  coldInitMs: 300,
  rssBytes: 128 * MiB,
};

export interface MeasuredLambda {
  artifact: LambdaArtifact;
  coldStart: ColdStart;
}

/**
 * What is over budget, in words; empty when all is within. Cold init is judged on CPU time: on a
 * shared machine the wall time mostly measures the neighbours (both are printed).
 */
export function overBudget({ artifact, coldStart }: MeasuredLambda): string[] {
  const over: string[] = [];
  if (artifact.zipBytes > lambdaBudgets.zipBytes) over.push(`zip ${kib(artifact.zipBytes)} KiB > ${kib(lambdaBudgets.zipBytes)} KiB`);
  if (coldStart.coldInitCpuMs > lambdaBudgets.coldInitMs) over.push(`cold init ${ms(coldStart.coldInitCpuMs)} ms CPU > ${lambdaBudgets.coldInitMs} ms`);
  if (coldStart.rssBytes > lambdaBudgets.rssBytes) over.push(`RSS ${mib(coldStart.rssBytes)} MiB > ${mib(lambdaBudgets.rssBytes)} MiB`);
  if (coldStart.socketsAtImport > 0) over.push(`importing opened ${coldStart.socketsAtImport} socket(s)`);
  return over;
}

export function budgetTable(measured: readonly MeasuredLambda[], runs: number): string {
  const rows = measured.map((lambda) => {
    const over = overBudget(lambda);
    const { artifact, coldStart } = lambda;
    return [
      artifact.name,
      kib(artifact.zipBytes),
      ms(coldStart.importMs),
      ms(coldStart.coldInitMs),
      ms(coldStart.coldInitCpuMs),
      mib(coldStart.rssBytes),
      String(coldStart.socketsAtImport),
      String(coldStart.socketsAfterFirstInvoke),
      over.length === 0 ? 'ok' : `OVER: ${over.join('; ')}`,
    ];
  });
  const { zipBytes, coldInitMs, rssBytes } = lambdaBudgets;
  return formatTable(
    `Lambda budgets (median of ${runs} cold starts each, CPU the least of them; budgets: zip ${kib(zipBytes)} KiB, cold init ${coldInitMs} ms CPU, RSS ${mib(rssBytes)} MiB, 0 sockets at import)`,
    ['function', 'zip KiB', 'import ms', 'cold init ms', 'least cold init CPU ms', 'RSS MiB', 'sockets at import', 'after 1st invoke', 'verdict'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);
const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const ms = (value: number) => value.toFixed(0);
