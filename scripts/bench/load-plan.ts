import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadReport } from './load-generator.js';

/** One HTTP request, as data, so the load-generator process can build thousands of distinct ones. */
export interface RequestTemplate {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** A JSON body; every `{{seq}}` becomes the request's sequence number and every `{{card}}` a card from `cards`, round robin. */
  body?: string;
  cards?: readonly string[];
  /** The one status that counts as a success; anything else is an error. */
  okStatus: number;
  timeoutMs?: number;
  /** Report each answer's send and answer times and its Server-Timing header (LoadReport.answers). */
  recordAnswers?: boolean;
}

export type LoadPlan =
  | { mode: 'open'; perSecond: number; durationMs: number; request: RequestTemplate; connections?: number; graceMs?: number }
  | { mode: 'closed'; concurrency: number; durationMs: number; request: RequestTemplate };

const generatorEntry = fileURLToPath(new URL('./open-loop.ts', import.meta.url));

/**
 * Runs the plan in a load-generator process of its own, so its CPU is not the measured services' and a
 * busy service cannot delay its clock, and returns the report it sends back.
 */
export function runLoadInChild(plan: LoadPlan): Promise<LoadReport> {
  const child = fork(generatorEntry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let report: LoadReport | undefined;
    child.once('message', (message) => {
      report = message as LoadReport;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (report) resolve(report);
      else reject(new Error(`the load generator exited (${signal ?? `code ${code}`}) without a report`));
    });
    child.send(plan);
  });
}
