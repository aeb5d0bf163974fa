import { join } from 'node:path';
import type { RunningEmulator } from './running-emulator.js';
import { startCognito } from './start-cognito.js';
import { startDynalite } from './start-dynalite.js';
import { startFauxqs } from './start-fauxqs.js';
import { startSes } from './start-ses.js';
import type { AwsEndpoints } from '@loyalty/topology';

export type Emulator = 'fauxqs' | 'dynalite' | 'ses' | 'cognito';

export interface LocalStackOptions {
  /** Holds cognito-local's files, so user pools survive a restart; the other emulators keep state in memory. */
  dataDir: string;
  /** 0 or omitted: an ephemeral port. */
  ports?: Partial<Record<Emulator, number>>;
}

export interface LocalStack {
  endpoints: AwsEndpoints;
  stop(): Promise<void>;
}

export async function startLocalStack({ dataDir, ports = {} }: LocalStackOptions): Promise<LocalStack> {
  const started = await Promise.allSettled([
    startFauxqs(ports.fauxqs ?? 0),
    startDynalite(ports.dynalite ?? 0),
    startSes(ports.ses ?? 0),
    startCognito(ports.cognito ?? 0, join(dataDir, 'cognito')),
  ]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(running.map((emulator) => emulator.stop()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }

  const [fauxqs, dynalite, ses, cognito] = running as [RunningEmulator, RunningEmulator, RunningEmulator, RunningEmulator];
  return {
    endpoints: {
      sns: fauxqs.endpoint,
      sqs: fauxqs.endpoint,
      s3: fauxqs.endpoint,
      dynamodb: dynalite.endpoint,
      ses: ses.endpoint,
      cognito: cognito.endpoint,
    },
    stop,
  };
}
