import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvokeRequest, InvokeStats, RuntimeMessage, SerializedError } from './lambda-protocol.js';
import type { LambdaRuntime } from './lambda-runtime.js';
import { unzipTo } from './zip.js';

export interface LambdaEnvironmentOptions {
  zipPath: string;
  functionName: string;
  memoryMb: number;
  timeoutSeconds: number;
  runtime: LambdaRuntime;
  /** The function's configured environment variables; nothing of this process's environment is passed on. */
  environment: Readonly<Record<string, string>>;
}

export interface Invocation extends InvokeStats {
  result: unknown;
}

export interface LambdaEnvironment {
  /** The environment's process, for what only the outside sees of it (its memory over time). */
  pid: number;
  /** Importing index.mjs, measured inside the environment; `socketsOpened` must be 0. */
  imported: Omit<InvokeStats, 'durationMs'> & { importMs: number };
  /** Rejects with the handler's error, or when the invocation outlives the function's timeout. */
  invoke(event: unknown): Promise<Invocation>;
  stop(): Promise<void>;
}

/**
 * One execution environment as Lambda starts it: the zip unzipped into an empty task folder, a
 * bare Node process (this one's binary, no flags, no inherited environment) running the emulated
 * runtime there, the handler imported once and then invoked one event at a time.
 */
export async function startLambdaEnvironment(options: LambdaEnvironmentOptions): Promise<LambdaEnvironment> {
  const taskRoot = await mkdtemp(join(tmpdir(), `lambda-task-${options.functionName}-`));
  await unzipTo(options.zipPath, taskRoot);
  const output: string[] = [];
  const child = fork(options.runtime.bootstrap, [], {
    cwd: taskRoot,
    execPath: process.execPath,
    execArgv: [],
    env: lambdaVariables(options, taskRoot),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const describe = (message: string) => `${options.functionName}: ${message}${output.length > 0 ? `\n${output.join('').slice(-4000)}` : ''}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const remove = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(taskRoot, { recursive: true, force: true });
  };

  let ready: Extract<RuntimeMessage, { type: 'ready' }>;
  try {
    ready = await firstMessage(child, describe);
  } catch (error) {
    await remove();
    throw error;
  }

  const pending = new Map<string, { resolve(invocation: Invocation): void; reject(error: Error): void }>();
  child.on('message', (message: RuntimeMessage) => {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiting = pending.get(message.requestId);
    pending.delete(message.requestId);
    if (message.type === 'result') waiting?.resolve(message);
    else waiting?.reject(rebuildError(message.error));
  });
  void exited.then(() => {
    for (const waiting of pending.values()) waiting.reject(new Error(describe('the environment exited during an invocation')));
    pending.clear();
  });

  return {
    pid: child.pid ?? 0,
    imported: { importMs: ready.importMs, rssBytes: ready.rssBytes, socketsOpened: ready.socketsOpened, cpuSinceImportMs: ready.cpuSinceImportMs },
    invoke(event) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(describe('the environment has stopped')));
      const requestId = randomUUID();
      const timeoutMs = options.timeoutSeconds * 1000;
      const request: InvokeRequest = { type: 'invoke', requestId, event, deadlineMs: Date.now() + timeoutMs };
      return new Promise<Invocation>((resolve, reject) => {
        // Lambda stops an invocation at the timeout and discards the environment; so do we.
        const timer = setTimeout(() => {
          pending.delete(requestId);
          reject(new Error(describe(`invocation ${requestId} timed out after ${options.timeoutSeconds} s`)));
          void remove();
        }, timeoutMs);
        const settle =
          <T>(then: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            then(value);
          };
        pending.set(requestId, { resolve: settle(resolve), reject: settle(reject) });
        child.send(request);
      });
    },
    stop: remove,
  };
}

function firstMessage(child: ChildProcess, describe: (message: string) => string): Promise<Extract<RuntimeMessage, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(describe(`the runtime exited (code ${code}) before the handler was imported`)));
    child.once('exit', onExit);
    child.once('message', (message: RuntimeMessage) => {
      child.off('exit', onExit);
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'import-failed') reject(new Error(describe(`importing index.mjs failed: ${message.error.stack ?? message.error.message}`)));
      else reject(new Error(describe(`unexpected first message ${message.type}`)));
    });
  });
}

function rebuildError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

/** The variables the nodejs24.x runtime sets, then the function's own (which cannot override the reserved ones on AWS). */
function lambdaVariables(options: LambdaEnvironmentOptions, taskRoot: string): NodeJS.ProcessEnv {
  const region = options.environment.AWS_REGION ?? 'us-east-1';
  return {
    ...options.environment,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: options.runtime.dir,
    NODE_PATH: join(options.runtime.dir, 'node_modules'),
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
  };
}
