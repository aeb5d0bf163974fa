import { problemReader } from '../../shared/problems.js';
import type { components } from '@loyalty/api-clients/customer';

export type Problem = components['schemas']['Problem'];

/** What a customer reads for each problem code the API answers; anything else shows the API's own words. */
const messages: Record<string, string> = {
  PASSWORD_POLICY: 'The password needs at least 10 characters, with a lowercase letter and a digit.',
  USER_EXISTS: 'An account with this email already exists. Sign in instead.',
  INVALID_CREDENTIALS: 'That email and password do not match.',
  NOT_CONFIRMED: 'Confirm your email first: enter the code we sent you.',
  PASSWORD_RESET_REQUIRED: 'Your password must be reset. Use "Forgot password".',
  CODE_MISMATCH: 'That code is not right. Check the email and try again.',
  CODE_EXPIRED: 'That code has expired. Ask for a new one.',
  MFA_SESSION_EXPIRED: 'The sign-in took too long. Start again.',
  ACCOUNT_LOCKED: 'Too many failed attempts: the account is locked for a while.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  INVALID_REFRESH_TOKEN: 'Your session has ended. Sign in again.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  INVALID_AUTHORIZATION_CODE: 'The social sign-in did not complete. Try again.',
  SOCIAL_SIGN_IN_UNAVAILABLE: 'Social sign-in is not available here.',
  NOT_FOUND: 'We could not find that.',
  PROGRAM_NOT_ACTIVE: 'This program is not open for new members right now.',
  CARD_CLOSED: 'This card is closed.',
  CARD_SUSPENDED: 'This card is suspended. Ask the shop.',
  REWARD_NOT_AVAILABLE: 'This reward is no longer available.',
  OUT_OF_STOCK: 'This reward is out of stock.',
  REWARD_LIMIT_REACHED: 'You have reached the limit for this reward.',
  INSUFFICIENT_BALANCE: 'You do not have enough points for this reward yet.',
  VALIDATION_FAILED: 'Some fields are not valid.',
};

export const problemMessage = problemReader(messages);
