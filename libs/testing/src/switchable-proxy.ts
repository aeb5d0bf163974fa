import { randomInt } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface SwitchableProxy {
  endpoint: string;
  /** Refuses and cuts every connection: the service behind it looks down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a fixed loopback port that a test can switch off and on, to take a shared emulator
 * "down" for one client only. Down, nothing listens there, so connections are refused as by a dead
 * service. The port is below Linux's ephemeral range (32768–60999): while it is down, no other
 * process's connection can be handed that port as its local end, which would keep up() from
 * listening on it again.
 */
export async function switchableProxy(target: string): Promise<SwitchableProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        resolve();
      });
    });

  const down = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  let port = 0;
  for (;;) {
    port = 20_000 + randomInt(10_000);
    const listening = await listen(port).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        return false;
      },
    );
    if (listening) break;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    down,
    up: async () => {
      if (!server) await listen(port);
    },
    close: down,
  };
}
