import { registerHooks } from 'node:module';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { serializeError, type InvokeRequest, type InvokeStats, type RuntimeMessage } from './lambda-protocol.js';

/**
 * The runtime side of an emulated Lambda execution environment, run by a bare `node` with no flags in
 * LAMBDA_TASK_ROOT, where only the unzipped bundle is. It resolves `@aws-sdk/*` from the runtime's
 * own node_modules (LAMBDA_RUNTIME_DIR) as the nodejs24.x runtime does, imports `index.mjs`, then
 * calls `handler(event, context)` once per invoke request, one at a time.
 */

// Every TCP client (pg, the SDK's HTTPS, fetch) connects through Socket#connect; counting there proves what an import opens.
let socketsOpened = 0;
const connect = Socket.prototype.connect;
Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
  socketsOpened += 1;
  return Reflect.apply(connect, this, args) as Socket;
} as typeof connect;

const taskRoot = required('LAMBDA_TASK_ROOT');
const runtimeDir = required('LAMBDA_RUNTIME_DIR');
const taskUrl = pathToFileURL(`${taskRoot}/`).href;
const runtimeAnchor = pathToFileURL(join(runtimeDir, 'index.mjs')).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const fromTask = context.parentURL?.startsWith(taskUrl) ?? false;
    return nextResolve(specifier, fromTask && specifier.startsWith('@aws-sdk/') ? { ...context, parentURL: runtimeAnchor } : context);
  },
});

const send = (message: RuntimeMessage) => process.send?.(message);
let cpuAtImport: NodeJS.CpuUsage;
const cpuSinceImportMs = () => {
  const { user, system } = process.cpuUsage(cpuAtImport);
  return (user + system) / 1000;
};
const stats = (startedAt: number): InvokeStats => ({
  durationMs: performance.now() - startedAt,
  rssBytes: process.memoryUsage.rss(),
  socketsOpened,
  cpuSinceImportMs: cpuSinceImportMs(),
});

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let handler: Handler;
const importStartedAt = performance.now();
cpuAtImport = process.cpuUsage();
try {
  const module = (await import(pathToFileURL(join(taskRoot, 'index.mjs')).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error('index.mjs does not export a function named handler');
  handler = module.handler as Handler;
  const { durationMs: importMs, ...atImport } = stats(importStartedAt);
  send({ type: 'ready', importMs, ...atImport });
} catch (error) {
  send({ type: 'import-failed', error: serializeError(error) });
  process.exit(1);
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (request: InvokeRequest) => {
  queue = queue.then(async () => {
    const startedAt = performance.now();
    try {
      const result = await handler(request.event, lambdaContext(request));
      send({ type: 'result', requestId: request.requestId, result, ...stats(startedAt) });
    } catch (error) {
      send({ type: 'error', requestId: request.requestId, error: serializeError(error), ...stats(startedAt) });
    }
  });
});

function lambdaContext({ requestId, deadlineMs }: InvokeRequest): Context {
  const functionName = required('AWS_LAMBDA_FUNCTION_NAME');
  const unsupported = () => {
    throw new Error('callback-style completion is not supported by async handlers');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: required('AWS_LAMBDA_FUNCTION_VERSION'),
    invokedFunctionArn: `arn:aws:lambda:${required('AWS_REGION')}:${process.env.AWS_ACCOUNT_ID ?? '000000000000'}:function:${functionName}`,
    memoryLimitInMB: required('AWS_LAMBDA_FUNCTION_MEMORY_SIZE'),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `emulated/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the host sets it as the Lambda runtime does`);
  return value;
}
