import { GetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** The signed-in staff user's email, read with their own access token (their username may be an opaque id). */
export async function staffEmail(cognito: CognitoIdentityProviderClient, accessToken: string): Promise<string | null> {
  const user = await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
  return user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value ?? null;
}
