import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group/index.js';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import { physicalName, topology } from '@loyalty/topology';
import { deploymentSettings, ENVIRONMENT, synthesize } from './support/synthesized.js';

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

it('gives customer refresh tokens the lifetime the sessions table uses as its TTL', () => {
  expect(synthesized.json).toHaveResourceWithProperties(CognitoUserPoolClient, {
    user_pool_id: '${aws_cognito_user_pool.user_pool_customers.id}',
    refresh_token_validity: topology.userPools.customers.refreshTokenDays,
    token_validity_units: [{ refresh_token: 'days' }],
  });
});

describe('customer social sign-in', () => {
  // The stack reads other public SSM parameters too (the AMIs); these are the team's own.
  const teamParameters = () =>
    Object.values(synthesized.config.data?.aws_ssm_parameter ?? {}).filter((parameter) => String(parameter.name).startsWith('/loyalty/'));
  const ssmNames = () => teamParameters().map((parameter) => parameter.name);

  it.each([
    ['Google', { client_id: 'google_client_id', client_secret: 'google_client_secret', authorize_scopes: 'openid email profile' }],
    [
      'SignInWithApple',
      { client_id: 'apple_services_id', team_id: 'apple_team_id', key_id: 'apple_key_id', private_key: 'apple_private_key', authorize_scopes: 'email name' },
    ],
  ] as const)('federates %s with credentials read from SSM, none written in the configuration', (provider, details) => {
    const resource = synthesized.resource('aws_cognito_identity_provider', 'provider_name', provider);
    expect(resource).toMatchObject({ user_pool_id: '${aws_cognito_user_pool.user_pool_customers.id}', provider_type: provider });
    const expected = Object.fromEntries(
      Object.entries(details).map(([key, value]) =>
        key === 'authorize_scopes' ? [key, value] : [key, `\${data.aws_ssm_parameter.user_pool_customers_${camel(value)}.value}`],
      ),
    );
    expect(resource.provider_details).toEqual(expected);
    expect((resource.attribute_mapping as Record<string, string>).email).toBe('email');
  });

  it('reads the six credentials from /loyalty/<environment>/cognito/..., decrypted', () => {
    expect(ssmNames().sort()).toEqual(
      ['apple/key-id', 'apple/private-key', 'apple/services-id', 'apple/team-id', 'google/client-id', 'google/client-secret'].map(
        (key) => `/loyalty/${ENVIRONMENT}/cognito/${key}`,
      ),
    );
    for (const parameter of teamParameters()) expect(parameter.with_decryption).toBe(true);
  });

  it('has a hosted-UI prefix domain, whose URL is the COGNITO_DOMAIN_URL output', () => {
    expect(synthesized.resources('aws_cognito_user_pool_domain').user_pool_customers_domain).toMatchObject({
      user_pool_id: '${aws_cognito_user_pool.user_pool_customers.id}',
      domain: name('customers'),
    });
    expect(synthesized.config.output.cognito_domain_url?.value).toBe(
      'https://${aws_cognito_user_pool_domain.user_pool_customers_domain.domain}.auth.eu-west-1.amazoncognito.com',
    );
    expect(Object.keys(synthesized.resources('aws_cognito_user_pool_domain'))).toHaveLength(1);
  });

  it('lets the customer app client run the code flow with the configured redirect URLs, for Cognito, Google and Apple users', () => {
    expect(synthesized.json).toHaveResourceWithProperties(CognitoUserPoolClient, {
      user_pool_id: '${aws_cognito_user_pool.user_pool_customers.id}',
      generate_secret: false,
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_flows: ['code'],
      allowed_oauth_scopes: ['openid', 'email', 'profile'],
      callback_urls: deploymentSettings().callbackUrls,
      logout_urls: deploymentSettings().logoutUrls,
      supported_identity_providers: [
        'COGNITO',
        '${aws_cognito_identity_provider.user_pool_customers_google.provider_name}',
        '${aws_cognito_identity_provider.user_pool_customers_apple.provider_name}',
      ],
    });
  });

  it('leaves the staff pool without federation or OAuth', () => {
    expect(synthesized.resources('aws_cognito_user_pool_client').user_pool_staff_client).not.toHaveProperty('allowed_oauth_flows');
    expect(Object.values(synthesized.resources('aws_cognito_identity_provider')).map((provider) => provider.user_pool_id)).not.toContain(
      '${aws_cognito_user_pool.user_pool_staff.id}',
    );
  });
});

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
