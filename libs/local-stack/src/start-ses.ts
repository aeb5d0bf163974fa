import sesLocal from 'aws-ses-v2-local';
import type { AddressInfo } from 'node:net';
import { closeServer, LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';

// aws-ses-v2-local keeps captured mail in module state: every instance in one process shares it.
export async function startSes(port: number): Promise<RunningEmulator> {
  const server = await sesLocal.default({ host: LOOPBACK, port });
  const actualPort = (server.address() as AddressInfo).port;
  return { endpoint: `http://${LOOPBACK}:${actualPort}`, stop: () => closeServer(server) };
}
