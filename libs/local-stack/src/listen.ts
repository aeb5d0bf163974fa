import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  server.listen(port, LOOPBACK);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

// For a child process that must be told its port up front; racy in theory, fine on one machine.
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnLoopback(probe, 0);
  await closeServer(probe);
  return port;
}
