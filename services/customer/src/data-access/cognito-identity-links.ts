import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '@loyalty/platform';
import { z } from 'zod';
import { translated } from './cognito-auth-errors.js';

export const socialProviders = ['Google', 'SignInWithApple'] as const;
export type SocialProvider = (typeof socialProviders)[number];

export interface LinkedIdentity {
  provider: string;
  providerUserId: string;
}

/** Social identities attached to a customer's own account, so either way of signing in reaches the same customer. */
export interface IdentityLinks {
  list(username: string): Promise<LinkedIdentity[]>;
  link(username: string, identity: LinkedIdentity): Promise<void>;
  unlink(identity: LinkedIdentity): Promise<void>;
}

const identitiesAttribute = z.array(z.object({ providerName: z.string(), userId: z.string() }));

export function cognitoIdentityLinks(client: CognitoIdentityProviderClient, userPoolId: string): IdentityLinks {
  const UserPoolId = userPoolId;
  return {
    async list(username) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
      const raw = user.UserAttributes?.find((attribute) => attribute.Name === 'identities')?.Value;
      if (!raw) return [];
      return identitiesAttribute.parse(JSON.parse(raw)).map((identity) => ({ provider: identity.providerName, providerUserId: identity.userId }));
    },
    async link(username, identity) {
      await translated(
        client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
            SourceUser: { ProviderName: identity.provider, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: identity.providerUserId },
          }),
        ),
        {
          AliasExistsException: () => AppError.conflict('IDENTITY_ALREADY_LINKED', 'This social account is already linked to an account'),
          InvalidParameterException: () => AppError.conflict('IDENTITY_ALREADY_LINKED', 'This social account is already linked to an account'),
        },
      );
    },
    async unlink(identity) {
      await client.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId,
          User: { ProviderName: identity.provider, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: identity.providerUserId },
        }),
      );
    },
  };
}
