import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@loyalty/platform';

export type InvokedFunction = (event: unknown) => Promise<unknown>;

export interface LambdaInvokeServer {
  url: string;
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`), synchronous invocations only,
 * in front of the handlers a Lambda zip exports: what cognito-local calls its triggers through. A
 * handler's throw is answered as Lambda answers it (200, `X-Amz-Function-Error: Unhandled`, the
 * error as the payload); an unknown name is a 404 ResourceNotFoundException. Signatures are not checked.
 */
export async function startLambdaInvokeServer(port: number, functions: Record<string, InvokedFunction>, logger: Logger): Promise<LambdaInvokeServer> {
  const server = createServer((req, res) => void answer(req, res));

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = req.method === 'POST' ? INVOKE_PATH.exec(url.pathname) : null;
    const requestId = randomUUID();
    const refuse = (status: number, type: string, message: string) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': requestId })
        .end(JSON.stringify({ Type: 'User', message }));

    if (!match) return refuse(404, 'UnknownOperationException', `${req.method} ${url.pathname} is not emulated`);
    const name = decodeURIComponent(match[1]!).replace(/^arn:aws:lambda:[^:]*:\d+:function:/, '');
    const handler = functions[name];
    if (!handler) return refuse(404, 'ResourceNotFoundException', `Function not found: ${name}`);
    const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse')
      return refuse(400, 'InvalidParameterValueException', `only RequestResponse invocations are emulated, not ${invocationType}`);

    const headers = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', 'x-amzn-requestid': requestId };
    try {
      const body = Buffer.concat(chunks).toString('utf8');
      const result = await handler(body === '' ? {} : JSON.parse(body));
      res.writeHead(200, headers).end(JSON.stringify(result ?? null));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      logger.error({ err: failure, function: name }, 'invocation failed');
      res
        .writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: failure.name, errorMessage: failure.message, trace: failure.stack?.split('\n') ?? [] }));
    }
  }

  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
