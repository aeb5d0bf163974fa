import { join } from 'node:path';
import type { RunningEmulator } from './running-emulator.js';
import { startCognito, type CognitoTriggers } from './start-cognito.js';
import { startDynalite } from './start-dynalite.js';
import { startFauxqs } from './start-fauxqs.js';
import { startKms } from './start-kms.js';
import { startSes } from './start-ses.js';
import type { AwsEndpoints } from '@loyalty/topology';

export type Emulator = 'fauxqs' | 'dynalite' | 'ses' | 'cognito' | 'kms';

export interface LocalStackOptions {
  /** Holds cognito-local's files, so user pools survive a restart; the other emulators keep state in memory. */
  dataDir: string;
  /** 0 or omitted: an ephemeral port. */
  ports?: Partial<Record<Emulator, number>>;
  /** Makes cognito-local hand its codes to this CustomEmailSender; without it, it only logs them. */
  customEmailSender?: Omit<CognitoTriggers, 'kms'>;
}

export interface LocalStack {
  endpoints: AwsEndpoints;
  /** The local KMS and its one key, which encrypts the codes cognito-local gives the CustomEmailSender. */
  kms: { endpoint: string; keyArn: string };
  stop(): Promise<void>;
}

export async function startLocalStack({ dataDir, ports = {}, customEmailSender }: LocalStackOptions): Promise<LocalStack> {
  const kms = await startKms(ports.kms ?? 0);
  const triggers = customEmailSender && { ...customEmailSender, kms };
  const started = await Promise.allSettled([
    startFauxqs(ports.fauxqs ?? 0),
    startDynalite(ports.dynalite ?? 0),
    startSes(ports.ses ?? 0),
    startCognito(ports.cognito ?? 0, join(dataDir, 'cognito'), triggers),
  ]);
  const running: RunningEmulator[] = [...started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])), kms];
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
    kms: { endpoint: kms.endpoint, keyArn: kms.keyArn },
    stop,
  };
}
