import { type CognitoIdentityProviderClient, GetUserCommand, NotAuthorizedException, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '@loyalty/platform';

export interface Profile {
  email: string;
  displayName: string;
}

export type ProfileSource = (accessToken: string) => Promise<Profile>;

/** Access tokens carry no email: Cognito's GetUser, called with the caller's own token, has it. */
export function cognitoProfiles(client: CognitoIdentityProviderClient): ProfileSource {
  return async (accessToken) => {
    const user = await client.send(new GetUserCommand({ AccessToken: accessToken })).catch((error: unknown) => {
      if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException)
        throw AppError.unauthorized('The account behind this token no longer exists');
      throw error;
    });
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    const email = attribute('email') ?? user.Username ?? '';
    return { email, displayName: attribute('name') ?? attribute('given_name') ?? email.split('@')[0] ?? email };
  };
}
