import { AppError } from '@loyalty/platform';

export type ErrorTranslations = Partial<Record<string, () => AppError>>;

export const authErrors = {
  invalidCredentials: () => new AppError({ code: 'INVALID_CREDENTIALS', status: 401, detail: 'The email or password is wrong' }),
  notConfirmed: () => new AppError({ code: 'NOT_CONFIRMED', status: 403, detail: 'Confirm your email address first' }),
  passwordResetRequired: () => new AppError({ code: 'PASSWORD_RESET_REQUIRED', status: 403, detail: 'Reset your password before signing in' }),
  userExists: () => AppError.conflict('USER_EXISTS', 'An account with this email already exists'),
  codeMismatch: () => AppError.badRequest('CODE_MISMATCH', 'The code is wrong'),
  codeExpired: () => AppError.badRequest('CODE_EXPIRED', 'The code has expired: ask for a new one'),
  invalidRefreshToken: () => new AppError({ code: 'INVALID_REFRESH_TOKEN', status: 401, detail: 'The refresh token is not valid' }),
  mfaSessionExpired: () => new AppError({ code: 'MFA_SESSION_EXPIRED', status: 401, detail: 'The sign-in session has expired: sign in again' }),
  mfaNotStarted: () => AppError.conflict('MFA_NOT_STARTED', 'Start the authenticator set-up first'),
};

const everywhere: ErrorTranslations = {
  TooManyRequestsException: () => new AppError({ code: 'RATE_LIMITED', status: 429, detail: 'Too many attempts: try again later' }),
  LimitExceededException: () => new AppError({ code: 'RATE_LIMITED', status: 429, detail: 'Too many attempts: try again later' }),
  TooManyFailedAttemptsException: () => new AppError({ code: 'RATE_LIMITED', status: 429, detail: 'Too many failed attempts: try again later' }),
};

/** Cognito's exception names become our stable codes; anything unexpected stays a 500 (logged, never shown). */
export async function translated<T>(call: Promise<T>, translations: ErrorTranslations): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const translate = translations[name] ?? everywhere[name];
    throw translate ? translate() : error;
  }
}
