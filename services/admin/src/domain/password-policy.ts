import { AppError } from '@loyalty/platform';

/**
 * The staff pool's policy, checked here as well because cognito-local enforces none; in AWS the pool
 * enforces the same rules.
 */
export function assertStrongPassword(password: string): void {
  const strong = password.length >= 12 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password);
  if (!strong) throw AppError.badRequest('WEAK_PASSWORD', 'Use at least 12 characters with upper and lower case letters, a digit and a symbol');
}
