import { AppError } from '@loyalty/platform';
import { topology, type PasswordPolicy, type UserPoolName } from '@loyalty/topology/definition';

// Cognito's letters and digits are ASCII; its symbols are this set (a space counts only inside a password, so it is left out).
const rules: { applies: (policy: PasswordPolicy) => boolean; test: RegExp; words: string }[] = [
  { applies: (policy) => policy.requireLowercase, test: /[a-z]/, words: 'a lowercase letter' },
  { applies: (policy) => policy.requireUppercase, test: /[A-Z]/, words: 'an uppercase letter' },
  { applies: (policy) => policy.requireNumbers, test: /\d/, words: 'a digit' },
  { applies: (policy) => policy.requireSymbols, test: /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/, words: 'a symbol' },
];

/** The pool's policy in words, e.g. "at least 10 characters, a lowercase letter and a digit". */
export function passwordRule(pool: UserPoolName): string {
  const { passwordPolicy } = topology.userPools[pool];
  const parts = [`at least ${passwordPolicy.minimumLength} characters`, ...rules.filter((rule) => rule.applies(passwordPolicy)).map((rule) => rule.words)];
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The one answer to a password the pool would refuse, whether we or Cognito noticed. */
export function passwordPolicyError(pool: UserPoolName): AppError {
  return AppError.badRequest('PASSWORD_POLICY', `The password needs ${passwordRule(pool)}`);
}

/** The pool's own policy, checked before Cognito is asked: cognito-local enforces none, and AWS the same one. */
export function assertPasswordPolicy(pool: UserPoolName, password: string): void {
  const { passwordPolicy } = topology.userPools[pool];
  const meets = [...password].length >= passwordPolicy.minimumLength && rules.every((rule) => !rule.applies(passwordPolicy) || rule.test.test(password));
  if (!meets) throw passwordPolicyError(pool);
}
