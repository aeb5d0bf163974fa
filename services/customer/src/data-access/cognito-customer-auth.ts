import {
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { passwordPolicyError } from '@loyalty/identity';
import { isEmulatorGap } from '@loyalty/runtime';
import { authErrors, translated } from './cognito-auth-errors.js';

export interface AuthTokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn: number;
}

export type SignInOutcome = { tokens: AuthTokens } | { challenge: 'SOFTWARE_TOKEN_MFA'; session: string };

/** The customer pool, as the auth use cases need it. Cognito's failures arrive as AppErrors with stable codes. */
export interface CustomerAuthProvider {
  register(email: string, password: string, displayName: string): Promise<{ sub: string }>;
  confirm(email: string, code: string): Promise<void>;
  resendCode(email: string): Promise<void>;
  signIn(email: string, password: string): Promise<SignInOutcome>;
  answerMfa(email: string, session: string, code: string): Promise<AuthTokens>;
  refresh(refreshToken: string): Promise<AuthTokens>;
  revoke(refreshToken: string): Promise<void>;
  forgotPassword(email: string): Promise<void>;
  resetPassword(email: string, code: string, password: string): Promise<void>;
  startTotp(accessToken: string): Promise<string>;
  confirmTotp(accessToken: string, code: string): Promise<void>;
  disableMfa(accessToken: string): Promise<void>;
}

const wrongCredentials = {
  NotAuthorizedException: authErrors.invalidCredentials,
  UserNotFoundException: authErrors.invalidCredentials,
  InvalidPasswordException: authErrors.invalidCredentials,
};
const wrongCode = { CodeMismatchException: authErrors.codeMismatch, ExpiredCodeException: authErrors.codeExpired };

export function cognitoCustomerAuth(client: CognitoIdentityProviderClient, clientId: string, userPoolId: string): CustomerAuthProvider {
  const ClientId = clientId;

  /**
   * cognito-local has no ResendConfirmationCode. Its ForgotPassword makes a new code, "delivers" it like
   * every other code (its log) and stores it where ConfirmSignUp checks it, so for an account still
   * waiting for confirmation it is a resend. Only that account gets one, as from Cognito itself.
   */
  const resendOnEmulator = async (email: string) => {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email })).catch(ignoreUnknownAccount);
    if (user?.UserStatus === 'UNCONFIRMED') await client.send(new ForgotPasswordCommand({ ClientId, Username: email }));
  };

  return {
    async register(email, password, displayName) {
      const result = await translated(
        client.send(
          new SignUpCommand({
            ClientId,
            Username: email,
            Password: password,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'name', Value: displayName },
            ],
          }),
        ),
        { UsernameExistsException: authErrors.userExists, InvalidPasswordException: () => passwordPolicyError('customers') },
      );
      return { sub: result.UserSub ?? '' };
    },
    async confirm(email, code) {
      // An unknown account answers like a wrong code, so the endpoint does not reveal who has signed up.
      await translated(client.send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code })), {
        ...wrongCode,
        NotAuthorizedException: authErrors.codeMismatch,
        UserNotFoundException: authErrors.codeMismatch,
      });
    },
    async resendCode(email) {
      await translated(client.send(new ResendConfirmationCodeCommand({ ClientId, Username: email })), {}).catch((error: unknown) => {
        if (isEmulatorGap(error)) return resendOnEmulator(email);
        // A confirmed account gets the same answer as any other, and nothing is sent.
        if (error instanceof Error && error.name === 'InvalidParameterException' && /already confirmed/i.test(error.message)) return;
        ignoreUnknownAccount(error);
      });
    },
    async signIn(email, password) {
      const result = await translated(
        client.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } })),
        { ...wrongCredentials, UserNotConfirmedException: authErrors.notConfirmed, PasswordResetRequiredException: authErrors.passwordResetRequired },
      );
      if (result.ChallengeName === 'SOFTWARE_TOKEN_MFA' && result.Session) return { challenge: 'SOFTWARE_TOKEN_MFA', session: result.Session };
      return { tokens: tokensFrom(result.AuthenticationResult) };
    },
    async answerMfa(email, session, code) {
      const result = await translated(
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: session,
            ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        ),
        { ...wrongCode, NotAuthorizedException: authErrors.mfaSessionExpired, UserNotFoundException: authErrors.mfaSessionExpired },
      );
      return tokensFrom(result.AuthenticationResult);
    },
    async refresh(refreshToken) {
      const result = await translated(
        client.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })),
        {
          NotAuthorizedException: authErrors.invalidRefreshToken,
          UserNotFoundException: authErrors.invalidRefreshToken,
        },
      );
      return tokensFrom(result.AuthenticationResult);
    },
    async revoke(refreshToken) {
      // A token that is already unknown is as revoked as it gets.
      await client.send(new RevokeTokenCommand({ ClientId, Token: refreshToken })).catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'NotAuthorizedException')) throw error;
      });
    },
    async forgotPassword(email) {
      await translated(client.send(new ForgotPasswordCommand({ ClientId, Username: email })), {}).catch(ignoreUnknownAccount);
    },
    async resetPassword(email, code, password) {
      await translated(client.send(new ConfirmForgotPasswordCommand({ ClientId, Username: email, ConfirmationCode: code, Password: password })), {
        ...wrongCode,
        UserNotFoundException: authErrors.codeMismatch,
        InvalidPasswordException: () => passwordPolicyError('customers'),
      });
    },
    async startTotp(accessToken) {
      const result = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      return result.SecretCode ?? '';
    },
    async confirmTotp(accessToken, code) {
      await translated(client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code })), {
        ...wrongCode,
        EnableSoftwareTokenMFAException: authErrors.codeMismatch,
        InvalidParameterException: authErrors.mfaNotStarted,
      });
      await client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    },
    async disableMfa(accessToken) {
      await client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }));
    },
  };
}

function ignoreUnknownAccount(error: unknown): void {
  if (!(error instanceof Error && error.name === 'UserNotFoundException')) throw error;
}

function tokensFrom(result: AuthenticationResultType | undefined): AuthTokens {
  if (!result?.AccessToken) throw new Error('Cognito answered without an access token');
  return {
    accessToken: result.AccessToken,
    ...(result.IdToken ? { idToken: result.IdToken } : {}),
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? secondsLeft(result.AccessToken),
  };
}

/** cognito-local leaves ExpiresIn out; the token's own exp claim says the same thing. */
function secondsLeft(accessToken: string): number {
  const payload = accessToken.split('.')[1] ?? '';
  const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
  return typeof exp === 'number' ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600;
}
