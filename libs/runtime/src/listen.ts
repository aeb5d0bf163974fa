import type Koa from 'koa';
import { refuseUnparsableRequest } from '@loyalty/platform/http';

export interface Listening {
  /** Always the loopback address with the port actually bound (0 asks for an ephemeral one). */
  url: string;
  /** Stops accepting, drops idle keep-alive connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
}

export function listen(app: Koa, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', refuseUnparsableRequest);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
