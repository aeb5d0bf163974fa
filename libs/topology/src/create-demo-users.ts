import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AwsClients } from './aws-clients.js';
import type { ProvisionedTopology, ProvisionedUserPool } from './provisioned-topology.js';

export interface DemoUser {
  email: string;
  password: string;
  userPoolId: string;
  clientId: string;
}

export interface DemoUsers {
  customer: DemoUser;
  owner: DemoUser;
}

export const DEMO_PASSWORD = 'Demo-password-1';

/**
 * A confirmed customer and a staff `owner`, signed in with DEMO_PASSWORD; for local use only.
 * `ownerBusinessId` sets the owner's custom:businessId once the demo business exists.
 */
export async function createDemoUsers(
  clients: AwsClients,
  provisioned: ProvisionedTopology,
  { ownerBusinessId }: { ownerBusinessId?: string } = {},
): Promise<DemoUsers> {
  const { customers, staff } = provisioned.userPools;
  const customer = await ensureUser(clients.cognito, customers, 'demo.customer@example.com', []);
  const ownerAttributes = ownerBusinessId ? [{ Name: 'custom:businessId', Value: ownerBusinessId }] : [];
  const owner = await ensureUser(clients.cognito, staff, 'demo.owner@example.com', ownerAttributes);
  await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: staff.userPoolId, Username: owner.email, GroupName: 'owner' }));
  return { customer, owner };
}

/** Creates (or finds) a confirmed user with a permanent password. */
export async function ensureUser(
  cognito: CognitoIdentityProviderClient,
  pool: ProvisionedUserPool,
  email: string,
  attributes: AttributeType[] = [],
  password = DEMO_PASSWORD,
): Promise<DemoUser> {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }, ...attributes],
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
  }
  // A permanent password also confirms the user, so no FORCE_CHANGE_PASSWORD challenge at sign-in.
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: password, Permanent: true }));
  return { email, password, userPoolId: pool.userPoolId, clientId: pool.clientId };
}

/** Signs a user in with USER_PASSWORD_AUTH and returns the access token the APIs expect. */
export async function signIn(cognito: CognitoIdentityProviderClient, user: DemoUser): Promise<string> {
  const result = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: user.clientId, AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
  );
  const token = result.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`sign-in of ${user.email} returned no access token (challenge: ${result.ChallengeName ?? 'none'})`);
  return token;
}
