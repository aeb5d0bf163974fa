import { isQueueTrigger, isScheduleTrigger, type LambdaFunctionDefinition } from '@loyalty/topology';
import { startLambdaEnvironment } from './lambda-environment.js';
import type { LambdaRuntime } from './lambda-runtime.js';
import type { LambdaArtifact } from './lambdas.js';

export interface ColdStart {
  importMs: number;
  /** Wall time of the import plus the first invocation. */
  coldInitMs: number;
  /**
   * CPU time the environment spent on the same, the least of the runs: the work is the same each run and
   * neighbours only add to it (preemption, cache and frequency effects), so the least is the closest to
   * what the code costs. Medians of the same build were seen 216 to 314 ms apart on a quiet machine.
   */
  coldInitCpuMs: number;
  /** Resident set size after the first invocation. */
  rssBytes: number;
  socketsAtImport: number;
  socketsAfterFirstInvoke: number;
}

/**
 * The first event a fresh environment gets: an empty batch for a queue function, so the figure is the
 * start-up alone. A scheduled function has no empty variant: its invocation is one expiry run, which
 * against a database with nothing due is two queries that find nothing. (EventBridge Scheduler passes
 * the target's configured input; the handler reads none of it.) A Cognito trigger gets an event with
 * no code, which it answers without a KMS or SES call: the figure is its start-up, clients built.
 */
export function firstEvent(definition: LambdaFunctionDefinition): unknown {
  if (isQueueTrigger(definition.trigger)) return { Records: [] };
  if (isScheduleTrigger(definition.trigger)) return {};
  return {
    version: '1',
    triggerSource: 'CustomEmailSender_SignUp',
    userName: 'cold-start',
    userPoolId: 'us-east-1_coldstart',
    request: { type: 'customEmailSenderRequestV1', code: null, userAttributes: {} },
  };
}

/** Starts `runs` fresh environments one after another, each imported and invoked once, and keeps the median of each figure (CPU: the least). */
export async function measureColdStart(
  artifact: LambdaArtifact,
  runtime: LambdaRuntime,
  environment: Readonly<Record<string, string>>,
  runs: number,
): Promise<ColdStart> {
  const samples: ColdStart[] = [];
  for (let run = 0; run < runs; run++) {
    const lambda = await startLambdaEnvironment({
      zipPath: artifact.zipPath,
      functionName: artifact.name,
      memoryMb: artifact.definition.memoryMb,
      timeoutSeconds: artifact.definition.timeoutSeconds,
      runtime,
      environment,
    });
    try {
      const first = await lambda.invoke(firstEvent(artifact.definition));
      samples.push({
        importMs: lambda.imported.importMs,
        coldInitMs: lambda.imported.importMs + first.durationMs,
        coldInitCpuMs: first.cpuSinceImportMs,
        rssBytes: first.rssBytes,
        socketsAtImport: lambda.imported.socketsOpened,
        socketsAfterFirstInvoke: first.socketsOpened,
      });
    } finally {
      await lambda.stop();
    }
  }
  const median = (figure: keyof ColdStart) => {
    const sorted = samples.map((sample) => sample[figure]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    importMs: median('importMs'),
    coldInitMs: median('coldInitMs'),
    coldInitCpuMs: Math.min(...samples.map((sample) => sample.coldInitCpuMs)),
    rssBytes: median('rssBytes'),
    // Not a median: one import that opened a socket is one too many.
    socketsAtImport: Math.max(...samples.map((sample) => sample.socketsAtImport)),
    socketsAfterFirstInvoke: median('socketsAfterFirstInvoke'),
  };
}
