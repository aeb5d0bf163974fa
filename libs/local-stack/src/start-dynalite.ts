import dynalite from 'dynalite';
import { closeServer, listenOnLoopback, LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';

export async function startDynalite(port: number): Promise<RunningEmulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const actualPort = await listenOnLoopback(server, port);
  return { endpoint: `http://${LOOPBACK}:${actualPort}`, stop: () => closeServer(server) };
}
