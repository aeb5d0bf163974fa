import { z } from 'zod';
import { authErrors } from '../../data-access/cognito-auth-errors.js';

/** Ours, enforced here: cognito-local has no password policy, and the AWS pool is configured to match. */
export const passwordPolicy = z
  .string()
  .min(10, 'at least 10 characters')
  .max(256, 'at most 256 characters')
  .regex(/\p{L}/u, 'at least one letter')
  .regex(/\d/, 'at least one digit');

export function checkPasswordPolicy(password: string): void {
  const result = passwordPolicy.safeParse(password);
  if (!result.success) throw authErrors.passwordPolicy(`The password needs ${result.error.issues.map((issue) => issue.message).join(', ')}`);
}
