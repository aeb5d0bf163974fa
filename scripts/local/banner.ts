import { styleText } from 'node:util';
import type { DemoUsers, ProvisionedTopology } from '@loyalty/topology';
import type { AppUrls } from './apps.js';
import type { AwsSetup } from './aws.js';
import type { RedisServer } from './redis.js';
import type { Apis } from './services.js';

export interface BannerFacts {
  apis: Apis;
  apps: AppUrls;
  aws: AwsSetup;
  postgres: { url: string; embedded: boolean };
  redis: RedisServer;
  provisioned: ProvisionedTopology;
  demo: DemoUsers;
}

/** Where everything is, plus two curls that prove the loop works end to end. */
export function banner({ apis, apps, aws, postgres, redis, provisioned, demo }: BannerFacts): string {
  const { staff, customers } = provisioned.userPools;
  const rows: [string, string][] = [
    ['Staff app', apps.staff],
    ['Customer app', `${apps.customer}  (sign in as the demo customer below)`],
    ['Customer API', `${apis.customer}  (GET /healthz, /readyz)`],
    ['Admin API', `${apis.admin}  (GET /healthz, /readyz)`],
    ['Outbox relay', `${apis.outboxRelay}  (GET /healthz, /readyz: database, SNS breaker)`],
    ['SES inbox', aws.sesInboxUrl],
    ...aws.describe,
    ['Postgres', `${postgres.url}${postgres.embedded ? '  (embedded, removed on exit)' : ''}`],
    ['Redis', redis.status === 'unavailable' ? 'none (nothing needs it yet)' : `${redis.url}${redis.status === 'started' ? '  (started for this run)' : ''}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const auth = JSON.stringify({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: demo.owner.clientId,
    AuthParameters: { USERNAME: demo.owner.email, PASSWORD: demo.owner.password },
  });
  const rule = styleText('gray', '─'.repeat(78));

  return [
    rule,
    styleText('bold', '  Loyalty platform is up.  Ctrl-C stops everything.'),
    '',
    ...rows.map(([label, value]) => `  ${styleText('bold', label.padEnd(width))}  ${value}`),
    '',
    styleText('bold', `  Demo logins (password ${demo.owner.password})`),
    `    staff pool     ${demo.owner.email.padEnd(28)} group owner   pool ${staff.userPoolId}, client ${staff.clientId}`,
    `    customer pool  ${demo.customer.email.padEnd(28)}               pool ${customers.userPoolId}, client ${customers.clientId}`,
    '',
    styleText('bold', '  Staff access token:'),
    `    TOKEN=$(curl -s ${aws.cognitoEndpoint}/ \\`,
    `      -H 'content-type: application/x-amz-json-1.1' \\`,
    `      -H 'x-amz-target: AWSCognitoIdentityProviderService.InitiateAuth' \\`,
    `      -d '${auth}' \\`,
    `      | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).AuthenticationResult.AccessToken')`,
    '',
    styleText('bold', '  Create a business with it:'),
    `    curl -s -X POST ${apis.admin}/businesses -H "authorization: Bearer $TOKEN" \\`,
    `      -H 'content-type: application/json' -d '{"name": "Demo Coffee"}'`,
    rule,
  ].join('\n');
}
