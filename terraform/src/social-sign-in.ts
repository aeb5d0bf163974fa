import { CognitoIdentityProvider } from '@cdktf/provider-aws/lib/cognito-identity-provider/index.js';
import type { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool/index.js';
import type { CognitoUserPoolClientConfig } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain/index.js';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js';
import type { Construct } from 'constructs';

export interface SocialSignInOptions {
  region: string;
  /** The hosted UI's prefix: https://<prefix>.auth.<region>.amazoncognito.com, unique within the region. */
  domainPrefix: string;
  callbackUrls: string[];
  logoutUrls: string[];
  /** Where the team keeps the Google and Apple credentials in SSM Parameter Store, e.g. /loyalty/acme-prod. */
  parameterPrefix: string;
}

/** The SSM parameters the team fills in before the first plan (SecureString for the two secrets). */
export const socialSignInParameters = {
  googleClientId: 'cognito/google/client-id',
  googleClientSecret: 'cognito/google/client-secret',
  appleServicesId: 'cognito/apple/services-id',
  appleTeamId: 'cognito/apple/team-id',
  appleKeyId: 'cognito/apple/key-id',
  applePrivateKey: 'cognito/apple/private-key',
} as const;

export interface SocialSignIn {
  hostedUiUrl: string;
  /** The client ids the customer API checks linked ID tokens against (GOOGLE_CLIENT_ID, APPLE_CLIENT_ID). */
  providerClientIds: { google: string; apple: string };
  clientSettings: Partial<CognitoUserPoolClientConfig>;
}

/**
 * Google and Apple behind the pool's hosted UI. The credentials are read from SSM at plan time, never
 * written in this code or the synthesized JSON (they do land in the state, which is encrypted).
 *
 * A Cognito prefix domain rather than auth.<domain>: a custom domain needs an ACM certificate in
 * us-east-1 and an A record on the apex before Cognito accepts it, which ties the first apply to DNS
 * outside this stack. The price is that Google's consent screen names amazoncognito.com; moving to
 * auth.<domain> later changes the providers' redirect URIs and COGNITO_DOMAIN_URL, nothing else.
 */
export function addSocialSignIn(scope: Construct, poolName: string, pool: CognitoUserPool, options: SocialSignInOptions): SocialSignIn {
  const parameter = (key: keyof typeof socialSignInParameters) =>
    new DataAwsSsmParameter(scope, `user_pool_${poolName}_${key}`, { name: `${options.parameterPrefix}/${socialSignInParameters[key]}`, withDecryption: true })
      .value;

  const googleClientId = parameter('googleClientId');
  const appleServicesId = parameter('appleServicesId');
  const google = new CognitoIdentityProvider(scope, `user_pool_${poolName}_google`, {
    userPoolId: pool.id,
    providerName: 'Google',
    providerType: 'Google',
    providerDetails: {
      client_id: googleClientId,
      client_secret: parameter('googleClientSecret'),
      authorize_scopes: 'openid email profile',
    },
    attributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name', username: 'sub' },
  });
  const apple = new CognitoIdentityProvider(scope, `user_pool_${poolName}_apple`, {
    userPoolId: pool.id,
    providerName: 'SignInWithApple',
    providerType: 'SignInWithApple',
    providerDetails: {
      client_id: appleServicesId,
      team_id: parameter('appleTeamId'),
      key_id: parameter('appleKeyId'),
      private_key: parameter('applePrivateKey'),
      authorize_scopes: 'email name',
    },
    attributeMapping: { email: 'email', email_verified: 'email_verified', given_name: 'firstName', family_name: 'lastName', username: 'sub' },
  });
  const domain = new CognitoUserPoolDomain(scope, `user_pool_${poolName}_domain`, {
    userPoolId: pool.id,
    domain: options.domainPrefix,
    managedLoginVersion: 1,
  });

  return {
    hostedUiUrl: `https://${domain.domain}.auth.${options.region}.amazoncognito.com`,
    providerClientIds: { google: googleClientId, apple: appleServicesId },
    clientSettings: {
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: ['openid', 'email', 'profile'],
      callbackUrls: options.callbackUrls,
      logoutUrls: options.logoutUrls,
      // The providers' names, not literals: the client must be updated after they exist.
      supportedIdentityProviders: ['COGNITO', google.providerName, apple.providerName],
    },
  };
}
