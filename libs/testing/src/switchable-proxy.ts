import { createServer, connect, type Socket } from 'node:net';

export interface SwitchableProxy {
  endpoint: string;
  /** Cuts every connection and resets each new one: the service behind it looks down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a loopback port that a test can switch off and on, to take a shared emulator "down"
 * for one client only. It keeps its port while down (it answers each connection with a reset) rather
 * than closing and listening again, when another process could have taken the port in between.
 */
export async function switchableProxy(target: string): Promise<SwitchableProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let isDown = false;

  const server = createServer((client) => {
    if (isDown) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(targetPort), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();

  const down = async () => {
    isDown = true;
    for (const socket of sockets) socket.destroy();
  };
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    down,
    up: async () => {
      isDown = false;
    },
    close: async () => {
      await down();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
