import type { BucketName, UserPoolName } from '@loyalty/topology/definition';

/**
 * What only AWS enforces (the emulators have no lifecycle or MFA), keyed by the topology's names: a
 * bucket or pool added to the definition fails to compile here until it has its settings.
 */

export interface BucketSettings {
  /** Days after which an object (and a replaced version) is deleted. */
  expireAfterDays: number;
}

export const bucketSettings = {
  exports: { expireAfterDays: 30 },
} as const satisfies Record<BucketName, BucketSettings>;

/** The password rules themselves are the topology's (`passwordPolicy`), which the APIs check too. */
export interface UserPoolSettings {
  mfa: 'OPTIONAL' | 'ON';
  /** How long a temporary password from AdminCreateUser stays usable. */
  temporaryPasswordValidityDays: number;
  /** Whether only an administrator may create users (no self sign-up). */
  adminCreateUserOnly: boolean;
  /** Google and Apple federation through the hosted UI, with the app client's OAuth code flow. */
  socialSignIn: boolean;
}

export const userPoolSettings = {
  customers: {
    mfa: 'OPTIONAL',
    temporaryPasswordValidityDays: 7,
    adminCreateUserOnly: false,
    socialSignIn: true,
  },
  staff: {
    mfa: 'ON',
    temporaryPasswordValidityDays: 3,
    // A new owner signs up and then founds their business (docs/identity.md, self-serve onboarding);
    // a staff account with no business behind it can do nothing else.
    adminCreateUserOnly: false,
    socialSignIn: false,
  },
} as const satisfies Record<UserPoolName, UserPoolSettings>;

export interface AwsSettings {
  buckets: Readonly<Record<string, BucketSettings>>;
  userPools: Readonly<Record<string, UserPoolSettings>>;
}

export const awsSettings: AwsSettings = { buckets: bucketSettings, userPools: userPoolSettings };
