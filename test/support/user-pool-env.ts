import type { ProvisionedTopology } from '@loyalty/topology';

/** The pool variables both APIs' configs read, for the pools of a provisioned topology. */
export function userPoolEnv({ staff, customers }: ProvisionedTopology['userPools']): Record<string, string> {
  return {
    STAFF_POOL_ID: staff.userPoolId,
    STAFF_POOL_CLIENT_ID: staff.clientId,
    STAFF_POOL_ISSUER: staff.issuer,
    STAFF_POOL_JWKS_URI: staff.jwksUri,
    CUSTOMER_POOL_ID: customers.userPoolId,
    CUSTOMER_POOL_CLIENT_ID: customers.clientId,
    CUSTOMER_POOL_ISSUER: customers.issuer,
    CUSTOMER_POOL_JWKS_URI: customers.jwksUri,
  };
}
