import { problemReader } from '../../shared/problems.js';
import type { components } from '@loyalty/api-clients/admin';

export type Problem = components['schemas']['Problem'];

/** What staff read for each problem code the admin API answers; anything else shows the API's own words. */
const messages: Record<string, string> = {
  SIGN_IN_FAILED: 'That email and password do not match.',
  NOT_CONFIRMED: 'Confirm your email first: enter the code we sent you.',
  PASSWORD_POLICY: 'The password needs at least 12 characters, with an uppercase and a lowercase letter, a digit and a symbol.',
  INVALID_MFA_CODE: 'That code is not right. Use the current code from your authenticator app.',
  SESSION_INVALID: 'The sign-in took too long. Start again.',
  ACCOUNT_LOCKED: 'Too many failed attempts: the account is locked for a while.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  STORE_NOT_ALLOWED: 'You may not act for this store.',
  BUSINESS_LIMIT_REACHED: 'You have founded as many businesses as allowed today. Try again tomorrow.',
  NOT_FOUND: 'Not found: it may have been deleted, or it belongs to another business.',
  INVALID_QR: 'That QR code is not one of ours.',
  QR_EXPIRED: 'That QR code has expired: ask the customer to refresh it.',
  CARD_CLOSED: 'This card is closed.',
  CARD_SUSPENDED: 'This card is suspended.',
  PROGRAM_NOT_ACTIVE: 'This program is not active: nothing can be recorded on it.',
  REWARD_NOT_AVAILABLE: 'This reward is no longer available.',
  REWARD_ALREADY_REDEEMED: 'This reward has already been redeemed.',
  OUT_OF_STOCK: 'This reward is out of stock.',
  REWARD_LIMIT_REACHED: 'The customer has reached the limit for this reward.',
  INSUFFICIENT_BALANCE: 'The card does not have enough points for this reward.',
  DAILY_STAMP_LIMIT: 'This card has had all the stamps it may get today.',
  NOT_SUPPORTED_BY_PROGRAM: 'This program does not take that: points programs earn on purchases, not visits.',
  INVALID_REDEMPTION_CODE: 'That one-time code is not valid.',
  IDEMPOTENCY_KEY_REUSED: 'This transaction was already recorded differently.',
  ALREADY_REVERSED: 'This transaction has already been voided.',
  NOT_REVERSIBLE: 'This transaction cannot be undone that way.',
  TRANSACTION_NOT_APPLIED: 'Only a transaction that has been applied can be undone.',
  REFUND_EXCEEDS_AMOUNT: 'That refund is more than what is left of the purchase.',
  VALIDATION_FAILED: 'Some fields are not valid.',
  STAFF_USER_EXISTS: 'There is already a staff account with this email.',
  STAFF_MEMBER_EXISTS: 'This person is already a member of the business.',
  LAST_OWNER: 'The business must keep at least one owner: make someone else an owner first.',
  FILTER_NOT_APPLICABLE: 'That filter does not apply to this kind of export.',
  INVALID_CURSOR: 'The list changed while paging: start again from the top.',
  CODE_MISMATCH: 'That code is not right. Check the email we sent, or ask for a new code.',
  CODE_EXPIRED: 'That code has expired. Ask for a new one.',
  PROGRAM_ENDED: 'This program has ended: it can no longer be changed.',
  INVALID_PROGRAM_TRANSITION: 'The program is no longer in a state that allows this. Reload to see where it is.',
  REWARD_ARCHIVED: 'This reward was deleted: it can no longer be changed.',
};

export const problemMessage = problemReader(messages);
