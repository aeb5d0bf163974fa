import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GroupExistsException,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
  type PasswordPolicyType,
} from '@aws-sdk/client-cognito-identity-provider';
import { findUserPoolClientId, findUserPoolId, required } from './lookups.js';
import type { PasswordPolicy, UserPoolDefinition } from './topology.js';

export const APP_CLIENT_NAME = 'app';

/** Cognito accepts duplicate pool and client names, so each is looked up by name before it is created. */
export async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  name: string,
  pool: UserPoolDefinition,
): Promise<{ userPoolId: string; clientId: string }> {
  const userPoolId = (await findUserPoolId(cognito, name)) ?? (await createUserPool(cognito, name, pool));
  const clientId = (await findUserPoolClientId(cognito, userPoolId, APP_CLIENT_NAME)) ?? (await createAppClient(cognito, userPoolId, pool));
  for (const GroupName of pool.groups) {
    try {
      await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName }));
    } catch (error) {
      if (!(error instanceof GroupExistsException)) throw error;
    }
  }
  // OPTIONAL, not ON as in AWS: cognito-local would answer an SMS challenge it cannot send for users
  // without MFA. Users with TOTP are challenged either way; the admin API makes staff set it up.
  await cognito.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }),
  );
  return { userPoolId, clientId };
}

async function createUserPool(cognito: CognitoIdentityProviderClient, name: string, pool: UserPoolDefinition): Promise<string> {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: passwordPolicyOf(pool.passwordPolicy) },
      Schema: pool.customAttributes.map((Name) => ({ Name, AttributeDataType: 'String', Mutable: true })),
    }),
  );
  return required(UserPool?.Id, `id of user pool ${name}`);
}

function passwordPolicyOf(policy: PasswordPolicy): PasswordPolicyType {
  return {
    MinimumLength: policy.minimumLength,
    RequireLowercase: policy.requireLowercase,
    RequireUppercase: policy.requireUppercase,
    RequireNumbers: policy.requireNumbers,
    RequireSymbols: policy.requireSymbols,
  };
}

async function createAppClient(cognito: CognitoIdentityProviderClient, userPoolId: string, pool: UserPoolDefinition): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: APP_CLIENT_NAME,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ...(pool.refreshTokenDays ? { RefreshTokenValidity: pool.refreshTokenDays, TokenValidityUnits: { RefreshToken: 'days' } } : {}),
    }),
  );
  return required(UserPoolClient?.ClientId, `client id in user pool ${userPoolId}`);
}
