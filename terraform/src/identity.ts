import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group/index.js';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool/index.js';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import type { Construct } from 'constructs';
import type { UserPoolSettings } from './aws-settings.js';
import { addSocialSignIn, type SocialSignIn, type SocialSignInOptions } from './social-sign-in.js';
import { definedIn, type TopologyDefinition } from './topology-definition.js';

// resolveTopology finds a pool's client by this name, as local provisioning creates it.
const APP_CLIENT_NAME = 'app';

// Cognito's own limits for a string attribute; stating them keeps terraform from planning a change
// to the schema (which Cognito cannot apply) on every run.
const STRING_ATTRIBUTE_CONSTRAINTS = { minLength: '0', maxLength: '2048' };

export interface UserPool {
  pool: CognitoUserPool;
  client: CognitoUserPoolClient;
  /** The hosted UI's base URL (COGNITO_DOMAIN_URL of the customer API), for pools with social sign-in. */
  hostedUiUrl?: string;
  providerClientIds?: SocialSignIn['providerClientIds'];
}

/** Cognito's messages go out through the SES identity instead of Cognito's own mailer (50 a day). */
export interface PoolEmail {
  sourceArn: string;
  fromAddress: string;
  configurationSetName: string;
}

export interface IdentityOptions {
  email?: PoolEmail;
  /** Needed as soon as a pool's settings turn social sign-in on. */
  socialSignIn?: SocialSignInOptions;
}

export function addIdentity(
  scope: Construct,
  topology: TopologyDefinition,
  settings: Readonly<Record<string, UserPoolSettings>>,
  name: (logicalName: string) => string,
  options: IdentityOptions = {},
): Record<string, UserPool> {
  const userPools: Record<string, UserPool> = {};
  for (const [poolName, definition] of Object.entries(topology.userPools)) {
    const { mfa, temporaryPasswordValidityDays, adminCreateUserOnly, socialSignIn } = definedIn(settings, poolName, 'settings of user pool');
    const pool = new CognitoUserPool(scope, `user_pool_${poolName}`, {
      name: name(poolName),
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameConfiguration: { caseSensitive: false },
      mfaConfiguration: mfa,
      softwareTokenMfaConfiguration: { enabled: true },
      passwordPolicy: { ...definition.passwordPolicy, temporaryPasswordValidityDays },
      adminCreateUserConfig: { allowAdminCreateUserOnly: adminCreateUserOnly },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      schema: definition.customAttributes.map((attribute) => ({
        name: attribute,
        attributeDataType: 'String',
        mutable: true,
        stringAttributeConstraints: STRING_ATTRIBUTE_CONSTRAINTS,
      })),
      ...(options.email
        ? {
            emailConfiguration: {
              emailSendingAccount: 'DEVELOPER',
              sourceArn: options.email.sourceArn,
              fromEmailAddress: options.email.fromAddress,
              configurationSet: options.email.configurationSetName,
            },
          }
        : {}),
    });
    const social = socialSignIn ? addSocialSignIn(scope, poolName, pool, requireSocialOptions(options, poolName)) : undefined;
    const client = new CognitoUserPoolClient(scope, `user_pool_${poolName}_client`, {
      name: APP_CLIENT_NAME,
      userPoolId: pool.id,
      generateSecret: false,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      ...(definition.refreshTokenDays ? { refreshTokenValidity: definition.refreshTokenDays, tokenValidityUnits: [{ refreshToken: 'days' }] } : {}),
      ...social?.clientSettings,
    });
    // The definition lists the most privileged group first; the lowest precedence wins wherever
    // Cognito has to pick one group of a user in several.
    definition.groups.forEach((group, precedence) => {
      new CognitoUserGroup(scope, `user_pool_${poolName}_group_${group}`, { userPoolId: pool.id, name: group, precedence });
    });
    userPools[poolName] = { pool, client, ...(social ? { hostedUiUrl: social.hostedUiUrl, providerClientIds: social.providerClientIds } : {}) };
  }
  return userPools;
}

function requireSocialOptions(options: IdentityOptions, poolName: string): SocialSignInOptions {
  if (!options.socialSignIn) throw new Error(`user pool "${poolName}" has social sign-in on: addIdentity needs socialSignIn options`);
  return options.socialSignIn;
}
