import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AssociateSoftwareTokenCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  UserNotFoundException,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '@loyalty/platform';
import type { StaffRole } from '@loyalty/db';
import { passwordPolicyError } from '@loyalty/identity';
import { isEmulatorGap } from '@loyalty/runtime';

export interface StaffTokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  expiresIn: number;
}

export type AuthStep = { kind: 'tokens'; tokens: StaffTokens } | { kind: 'challenge'; challenge: ChallengeNameType; session: string; username: string };

/** The staff user pool, as the admin API uses it. */
export interface StaffIdentity {
  /** Self sign-up: an unconfirmed user with no group; Cognito emails the confirmation code. */
  signUp(email: string, password: string): Promise<{ sub: string }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  /** Sends a new confirmation code to an unconfirmed user; anyone else gets nothing, and no error. */
  resendCode(email: string): Promise<void>;
  invite(email: string, role: StaffRole, businessId: string): Promise<{ sub: string }>;
  remove(sub: string): Promise<void>;
  changeGroup(sub: string, from: StaffRole, to: StaffRole): Promise<void>;
  signIn(email: string, password: string): Promise<AuthStep>;
  answer(challenge: ChallengeNameType, username: string, session: string, responses: Record<string, string>): Promise<AuthStep>;
  /** TOTP set-up with a signed-in user's token, or with the MFA_SETUP session Cognito hands out. */
  associateTotp(credential: { accessToken: string } | { session: string }): Promise<{ secret: string; session: string | null }>;
  verifyTotp(credential: { accessToken: string } | { session: string }, code: string): Promise<{ session: string | null }>;
  preferTotp(accessToken: string): Promise<void>;
  refresh(refreshToken: string): Promise<StaffTokens>;
  revoke(refreshToken: string): Promise<void>;
}

export function cognitoStaffIdentity(cognito: CognitoIdentityProviderClient, pool: { userPoolId: string; clientId: string }): StaffIdentity {
  const { userPoolId: UserPoolId, clientId: ClientId } = pool;

  /**
   * cognito-local has no ResendConfirmationCode. Its ForgotPassword makes a new code and stores it where
   * ConfirmSignUp checks it, so for a user still waiting for confirmation it is a resend (as in the customer API).
   */
  const resendOnEmulator = async (email: string) => {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: email })).catch(ignoreUnknownUser);
    if (user?.UserStatus === 'UNCONFIRMED') await cognito.send(new ForgotPasswordCommand({ ClientId, Username: email }));
  };

  return {
    async signUp(email, password) {
      const result = await call(
        () => cognito.send(new SignUpCommand({ ClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] })),
        () => passwordPolicyError('staff'),
      );
      if (!result.UserSub) throw new Error('SignUp returned no sub');
      return { sub: result.UserSub };
    },
    async confirmSignUp(email, code) {
      try {
        await cognito.send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code }));
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ExpiredCodeException') throw AppError.badRequest('CODE_EXPIRED', 'The code has expired: ask for a new one');
        // An unknown or already confirmed user answers like a wrong code, so the endpoint does not tell who signed up.
        if (['CodeMismatchException', 'NotAuthorizedException', 'UserNotFoundException'].includes(name)) throw codeMismatch();
        throw throttled(name) ?? error;
      }
    },
    async resendCode(email) {
      await cognito.send(new ResendConfirmationCodeCommand({ ClientId, Username: email })).catch((error: unknown) => {
        if (isEmulatorGap(error)) return resendOnEmulator(email);
        if (error instanceof Error && error.name === 'InvalidParameterException' && /already confirmed/i.test(error.message)) return;
        ignoreUnknownUser(throttled(error instanceof Error ? error.name : '') ?? error);
      });
    },
    async invite(email, role, businessId) {
      const { User } = await call(() =>
        cognito.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:businessId', Value: businessId },
            ],
          }),
        ),
      );
      const sub = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!sub) throw new Error('AdminCreateUser returned no sub');
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: sub, GroupName: role }));
      return { sub };
    },
    async remove(sub) {
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username: sub }));
    },
    async changeGroup(sub, from, to) {
      try {
        await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: sub, GroupName: to }));
        await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: sub, GroupName: from }));
      } catch (error) {
        // A member recorded by sub for a user that is gone from the pool has no group to keep in step.
        if (!(error instanceof UserNotFoundException)) throw error;
      }
    },
    async signIn(email, password) {
      const result = await call(() =>
        cognito
          .send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }))
          .catch((error: unknown) => {
            // Cognito answers so only after the right password, so it tells nothing to a guesser.
            throw error instanceof Error && error.name === 'UserNotConfirmedException' ? notConfirmed() : error;
          }),
      );
      return step(result, email);
    },
    async answer(challenge, username, session, responses) {
      const result = await call(
        () =>
          cognito.send(
            new RespondToAuthChallengeCommand({
              ClientId,
              ChallengeName: challenge,
              Session: session,
              ChallengeResponses: { USERNAME: username, ...responses },
            }),
          ),
        () => passwordPolicyError('staff'),
      );
      return step(result, username);
    },
    async associateTotp(credential) {
      const result = await call(() => cognito.send(new AssociateSoftwareTokenCommand(credentialOf(credential))));
      if (!result.SecretCode) throw new Error('AssociateSoftwareToken returned no secret');
      return { secret: result.SecretCode, session: result.Session ?? null };
    },
    async verifyTotp(credential, code) {
      const result = await call(() =>
        cognito.send(new VerifySoftwareTokenCommand({ ...credentialOf(credential), UserCode: code, FriendlyDeviceName: 'authenticator' })),
      );
      if (result.Status !== 'SUCCESS') throw invalidCode();
      return { session: result.Session ?? null };
    },
    async preferTotp(accessToken) {
      await cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    },
    async refresh(refreshToken) {
      const result = await call(() =>
        cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })),
      );
      if (!result.AuthenticationResult) throw AppError.unauthorized('The refresh token is not valid');
      return { ...tokensOf(result.AuthenticationResult), refreshToken };
    },
    async revoke(refreshToken) {
      await call(() => cognito.send(new RevokeTokenCommand({ ClientId, Token: refreshToken })));
    },
  };
}

function credentialOf(credential: { accessToken: string } | { session: string }): { AccessToken?: string; Session?: string } {
  return 'accessToken' in credential ? { AccessToken: credential.accessToken } : { Session: credential.session };
}

function step(
  result: {
    AuthenticationResult?: AuthenticationResultType | undefined;
    ChallengeName?: ChallengeNameType | undefined;
    Session?: string | undefined;
    ChallengeParameters?: Record<string, string> | undefined;
  },
  username: string,
): AuthStep {
  if (result.AuthenticationResult) return { kind: 'tokens', tokens: tokensOf(result.AuthenticationResult) };
  if (!result.ChallengeName || !result.Session) throw new Error('Cognito answered with neither tokens nor a challenge');
  return { kind: 'challenge', challenge: result.ChallengeName, session: result.Session, username: result.ChallengeParameters?.USER_ID_FOR_SRP ?? username };
}

function tokensOf(result: AuthenticationResultType): StaffTokens {
  if (!result.AccessToken) throw new Error('Cognito returned no access token');
  return { accessToken: result.AccessToken, refreshToken: result.RefreshToken ?? null, idToken: result.IdToken ?? null, expiresIn: result.ExpiresIn ?? 3600 };
}

function ignoreUnknownUser(error: unknown): undefined {
  if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
  throw error;
}

/** Cognito's own throttling (SignUp and the code calls have low per-pool quotas on AWS) is the caller's 429, not our 500. */
function throttled(name: string): AppError | undefined {
  if (!['TooManyRequestsException', 'LimitExceededException', 'TooManyFailedAttemptsException'].includes(name)) return undefined;
  return new AppError({ code: 'RATE_LIMITED', status: 429, detail: 'Too many attempts: try again later' });
}

const codeMismatch = () => AppError.badRequest('CODE_MISMATCH', 'The code is wrong');

const notConfirmed = () => new AppError({ code: 'NOT_CONFIRMED', status: 403, detail: 'Confirm your email address first (POST /auth/confirm)' });

const invalidCode = () => new AppError({ code: 'INVALID_MFA_CODE', status: 401, detail: 'The code is not valid' });

const signInFailed = () => new AppError({ code: 'SIGN_IN_FAILED', status: 401, detail: 'The email, password, session or token is not valid' });

/**
 * Cognito's refusals become our stable codes; anything else is a fault (500). InvalidPasswordException
 * means a policy breach when setting a password, but cognito-local also uses it for a wrong password.
 */
async function call<T>(send: () => Promise<T>, onInvalidPassword: () => AppError = signInFailed): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException' || name === 'ExpiredCodeException') throw invalidCode();
    if (name === 'UsernameExistsException') throw AppError.conflict('STAFF_USER_EXISTS', 'A staff user with this email exists already');
    if (name === 'InvalidPasswordException') throw onInvalidPassword();
    if (['NotAuthorizedException', 'UserNotFoundException', 'PasswordResetRequiredException', 'UserNotConfirmedException'].includes(name)) throw signInFailed();
    throw throttled(name) ?? error;
  }
}
