import { AdminDeleteUserCommand, UserNotFoundException, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export type AccountRemover = (username: string) => Promise<void>;

/** Removes the sign-in; an account that is already gone counts as removed, so a retry succeeds. */
export function cognitoAccountRemover(client: CognitoIdentityProviderClient, userPoolId: string): AccountRemover {
  return async (username) => {
    try {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
    } catch (error) {
      if (!(error instanceof UserNotFoundException)) throw error;
    }
  };
}
