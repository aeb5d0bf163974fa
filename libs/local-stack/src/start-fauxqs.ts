import { buildApp } from 'fauxqs';
import { LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';

// startFauxqs() always binds 0.0.0.0, so build the app and listen ourselves.
export async function startFauxqs(port: number): Promise<RunningEmulator> {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port, host: LOOPBACK });
  return { endpoint, stop: () => app.close() };
}
