import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group/index.js';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import { physicalName, topology } from '@loyalty/topology';
import { ENVIRONMENT, synthesize } from './support/synthesized.js';

const name = (logicalName: string) => physicalName(ENVIRONMENT, logicalName);
const synthesized = synthesize();

describe('staff pool', () => {
  const staff = synthesized.resource('aws_cognito_user_pool', 'name', name('staff'));

  it('requires MFA with an authenticator app', () => {
    expect(staff).toMatchObject({ mfa_configuration: 'ON', software_token_mfa_configuration: { enabled: true } });
  });

  it('has a stricter password policy than the customer pool', () => {
    const customers = synthesized.resource('aws_cognito_user_pool', 'name', name('customers'));
    const minimumLength = (pool: Record<string, unknown>) => (pool.password_policy as { minimum_length: number }).minimum_length;
    expect(minimumLength(staff)).toBeGreaterThan(minimumLength(customers));
    expect(staff.password_policy).toMatchObject({ require_symbols: true, require_numbers: true, require_uppercase: true, require_lowercase: true });
  });

  it('has the four role groups, most privileged first', () => {
    expect(topology.userPools.staff.groups).toEqual(['owner', 'admin', 'manager', 'cashier']);
    topology.userPools.staff.groups.forEach((group, precedence) => {
      expect(synthesized.json).toHaveResourceWithProperties(CognitoUserGroup, {
        user_pool_id: '${aws_cognito_user_pool.user_pool_staff.id}',
        name: group,
        precedence,
      });
    });
    expect(Object.keys(synthesized.resources('aws_cognito_user_group'))).toHaveLength(4);
  });

  it('carries custom:businessId', () => {
    expect(staff.schema).toEqual([expect.objectContaining({ name: 'businessId', attribute_data_type: 'String', mutable: true })]);
  });
});

describe('customer pool', () => {
  it('signs in by email with optional TOTP MFA', () => {
    expect(synthesized.resource('aws_cognito_user_pool', 'name', name('customers'))).toMatchObject({
      username_attributes: ['email'],
      auto_verified_attributes: ['email'],
      mfa_configuration: 'OPTIONAL',
      software_token_mfa_configuration: { enabled: true },
      admin_create_user_config: { allow_admin_create_user_only: false },
    });
  });
});

it.each(Object.keys(topology.userPools))('%s has a public app client for password, SRP and refresh sign-in', (pool) => {
  expect(synthesized.json).toHaveResourceWithProperties(CognitoUserPoolClient, {
    user_pool_id: `\${aws_cognito_user_pool.user_pool_${pool}.id}`,
    name: 'app',
    generate_secret: false,
    explicit_auth_flows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']),
  });
});

it.each(Object.entries(topology.userPools))('%s enforces the password policy the APIs check', (pool, { passwordPolicy }) => {
  expect(synthesized.resource('aws_cognito_user_pool', 'name', name(pool)).password_policy).toEqual({
    minimum_length: passwordPolicy.minimumLength,
    require_lowercase: passwordPolicy.requireLowercase,
    require_uppercase: passwordPolicy.requireUppercase,
    require_numbers: passwordPolicy.requireNumbers,
    require_symbols: passwordPolicy.requireSymbols,
    temporary_password_validity_days: expect.any(Number),
  });
});
