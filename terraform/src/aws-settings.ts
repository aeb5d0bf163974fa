import type { BucketName, UserPoolName } from '@loyalty/topology/definition';

/**
 * What only AWS enforces (the emulators have no lifecycle, password policy or MFA), keyed by the
 * topology's names: a bucket or pool added to the definition fails to compile here until it has its
 * settings.
 */

export interface BucketSettings {
  /** Days after which an object (and a replaced version) is deleted. */
  expireAfterDays: number;
}

export const bucketSettings = {
  exports: { expireAfterDays: 30 },
} as const satisfies Record<BucketName, BucketSettings>;

export interface UserPoolSettings {
  mfa: 'OPTIONAL' | 'ON';
  password: {
    minimumLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
    temporaryPasswordValidityDays: number;
  };
  /** Whether only an administrator may create users (no self sign-up). */
  adminCreateUserOnly: boolean;
}

export const userPoolSettings = {
  customers: {
    mfa: 'OPTIONAL',
    password: {
      minimumLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    },
    adminCreateUserOnly: false,
  },
  staff: {
    mfa: 'ON',
    password: {
      minimumLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
      temporaryPasswordValidityDays: 3,
    },
    // A new owner signs up and then creates their business (docs/architecture.md); a staff account
    // with no business behind it can do nothing else.
    adminCreateUserOnly: false,
  },
} as const satisfies Record<UserPoolName, UserPoolSettings>;

export interface AwsSettings {
  buckets: Readonly<Record<string, BucketSettings>>;
  userPools: Readonly<Record<string, UserPoolSettings>>;
}

export const awsSettings: AwsSettings = { buckets: bucketSettings, userPools: userPoolSettings };
