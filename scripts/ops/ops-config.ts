import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';
import { z } from 'zod';
import { HOST, PORTS } from '../local/ports.js';

export const LOCAL_ENVIRONMENT = 'local';
// What `npm start` creates on the machine's Postgres (docs/local-loop.md).
const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/loyalty';

const opsEnv = baseEnv.pick({ AWS_ENDPOINT_URL: true, AWS_ENDPOINT_URL_SQS: true }).extend({
  DATABASE_URL: databaseEnv.shape.DATABASE_URL.optional(),
});
const environmentOption = z.object({ '--env': baseEnv.shape.RESOURCE_PREFIX.unwrap() });

export interface OpsConfig {
  /** The environment's resource prefix, as `physicalName(prefix, queue)` uses it. */
  prefix: string;
  /** The AWS_ENDPOINT_URL* variables to resolve clients from; none means real AWS and its credential chain. */
  awsEnv: NodeJS.ProcessEnv;
  databaseUrl: string | undefined;
}

/**
 * The environment `--env` names, reached the way every process reaches AWS (AWS_ENDPOINT_URL_SQS,
 * AWS_ENDPOINT_URL, else real AWS). For `local` without an endpoint variable: the emulators and the
 * database that `npm start` runs.
 */
export function loadOpsConfig(environment: string, env: NodeJS.ProcessEnv = process.env): OpsConfig {
  const prefix = loadConfig(environmentOption, { '--env': environment })['--env'];
  const config = loadConfig(opsEnv, env);
  const local = prefix === LOCAL_ENVIRONMENT;
  const endpoints = { AWS_ENDPOINT_URL: config.AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SQS: config.AWS_ENDPOINT_URL_SQS };
  const anyEndpoint = Object.values(endpoints).some((value) => value !== undefined);
  return {
    prefix,
    awsEnv: anyEndpoint || !local ? endpoints : { AWS_ENDPOINT_URL_SQS: `http://${HOST}:${PORTS.fauxqs}` },
    databaseUrl: config.DATABASE_URL ?? (local ? LOCAL_DATABASE_URL : undefined),
  };
}
