import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort, LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';
import { waitUntil } from './wait-until.js';

const cognitoLocalBin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');

// cognito-local reads ./.cognito from its working directory and wires that path deep inside its
// default server factory, so it runs as a child process with its own cwd. The child exits when its
// stdin closes, so it cannot outlive this process even if stop() is never called.
const exitWithParent = `process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); require(${JSON.stringify(cognitoLocalBin)});`;

/** cognito-local's Lambda triggers (global, not per pool): where it invokes them and the KMS key it encrypts codes with. */
export interface CognitoTriggers {
  /** A Lambda Invoke API endpoint (cognito-local calls it with the AWS SDK). */
  lambdaEndpoint: string;
  customEmailSender: string;
  kms: { endpoint: string; keyArn: string; aliasArn: string };
}

export async function startCognito(port: number, dataDir: string, triggers?: CognitoTriggers): Promise<RunningEmulator> {
  // cognito-local reads <cwd>/.cognito/config.json; written on every start, so a trigger configured by an earlier run never outlives it.
  await mkdir(join(dataDir, '.cognito'), { recursive: true });
  await writeFile(join(dataDir, '.cognito', 'config.json'), JSON.stringify(triggers ? cognitoTriggerConfig(triggers) : {}, null, 2));
  const actualPort = port === 0 ? await freePort() : port;
  const endpoint = `http://${LOOPBACK}:${actualPort}`;
  const child = spawn(process.execPath, ['-e', exitWithParent], {
    cwd: dataDir,
    env: { ...process.env, HOST: LOOPBACK, PORT: String(actualPort) },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');

  const answers = () =>
    fetch(`${endpoint}/health`).then(
      (response) => response.ok,
      () => false,
    );
  try {
    await waitUntil(`cognito-local on ${endpoint}`, async () => child.exitCode !== null || (await answers()));
    if (child.exitCode !== null) throw new Error(`cognito-local exited with ${child.exitCode}: ${stderr}`);
  } catch (error) {
    child.kill();
    throw error;
  }

  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill();
        await exited;
      }
    },
  };
}

function cognitoTriggerConfig({ lambdaEndpoint, customEmailSender, kms }: CognitoTriggers) {
  const local = { credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: 'us-east-1' };
  return {
    LambdaClient: { ...local, endpoint: lambdaEndpoint },
    TriggerFunctions: { CustomEmailSender: customEmailSender },
    KMSConfig: { ...local, endpoint: kms.endpoint, KMSKeyId: kms.keyArn, KMSKeyAlias: kms.aliasArn },
  };
}
