import type { BaseConfig } from '@loyalty/platform';
import { awsClientConfig, awsClients, awsEndpoint, type AwsClientConfig, type AwsClients, type AwsService } from '@loyalty/topology';
import { surfaceEmulatorGaps } from './emulator-gaps.js';

/** Clients for the endpoints in this process's validated config (not whatever process.env holds). */
export function awsClientsFor(config: BaseConfig): AwsClients {
  const clients = awsClients(undefined, endpointVariables(config));
  surfaceEmulatorGaps(clients.cognito);
  return clients;
}

/** One client's settings from the same config, for a Lambda that builds only the client it uses. */
export function awsClientConfigFor(config: BaseConfig, service: AwsService): AwsClientConfig {
  return awsClientConfig(awsEndpoint(service, undefined, endpointVariables(config)));
}

function endpointVariables(config: BaseConfig): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith('AWS_ENDPOINT_URL')));
}
