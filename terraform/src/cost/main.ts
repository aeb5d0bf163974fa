import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { loadDeploymentSettings, phases } from '../deployment-settings.js';
import { PlatformStack } from '../platform-stack.js';
import { type CostEstimate, estimateMonthlyCost, formatRange, outsideSpecRange, type SynthesizedStack } from './estimate.js';
import { PRICES_AS_OF, PRICES_SOURCE } from './prices.js';

/**
 * `npm run cost -w terraform`: synthesizes the stack of each phase (with this shell's LOYALTY_*
 * settings, the phase aside) and prints the spec's cost table for each from cost/prices.ts.
 */
const environment = process.env.LOYALTY_ENVIRONMENT ?? 'dev';
const region = process.env.AWS_REGION ?? 'us-east-1';

export function synthesizePhase(phase: (typeof phases)[number]): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'loyalty-cost-'));
  try {
    const settings = loadDeploymentSettings({ ...process.env, LOYALTY_PHASE: phase }, { lambdaArtifactsDir: join(outdir, 'lambda') });
    const app = new App({ outdir });
    const id = `loyalty-${environment}`;
    new PlatformStack(app, id, { environment, region, settings });
    app.synth();
    return JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function table(phase: string, estimate: CostEstimate): string {
  const lines = [
    ['Component', 'Configuration', 'Monthly estimate'],
    ...estimate.rows.map((row) => [row.component, row.configuration, formatRange(row.monthly)]),
    ['Total', '', formatRange(estimate.total)],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const format = (line: string[]) => `| ${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [`## ${phase}`, format(lines[0] ?? []), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.slice(1).map(format)].join('\n');
}

console.log(`Prices: ${PRICES_SOURCE}, ${PRICES_AS_OF}. Usage-priced lines are stated assumptions (cost/prices.ts).\n`);
for (const phase of phases) {
  const estimate = estimateMonthlyCost(synthesizePhase(phase));
  console.log(table(phase, estimate));
  if (phase === 'initial') console.log(`\n${outsideSpecRange(estimate) ?? "Within the spec's $30-45."}`);
  console.log('');
}
