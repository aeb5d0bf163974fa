import type { BaseConfig } from '@loyalty/platform';
import { awsClients, type AwsClients } from '@loyalty/topology';
import { surfaceEmulatorGaps } from './emulator-gaps.js';

/** Clients for the endpoints in this process's validated config (not whatever process.env holds). */
export function awsClientsFor(config: BaseConfig): AwsClients {
  const endpointVariables = Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith('AWS_ENDPOINT_URL')));
  const clients = awsClients(undefined, endpointVariables as NodeJS.ProcessEnv);
  surfaceEmulatorGaps(clients.cognito);
  return clients;
}
