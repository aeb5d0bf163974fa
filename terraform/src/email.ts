import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { Sesv2ConfigurationSet } from '@cdktf/provider-aws/lib/sesv2-configuration-set/index.js';
import { Sesv2ConfigurationSetEventDestination } from '@cdktf/provider-aws/lib/sesv2-configuration-set-event-destination/index.js';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity/index.js';
import { Sesv2EmailIdentityMailFromAttributes } from '@cdktf/provider-aws/lib/sesv2-email-identity-mail-from-attributes/index.js';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { EmailSending } from './lambda-functions.js';

export interface EmailProps {
  name: (logicalName: string) => string;
  domain: string;
  hostedZoneId: string;
  region: string;
}

export interface Email extends EmailSending {
  configurationSetName: string;
  /** The sender Cognito's own messages (verification codes, password resets) come from. */
  cognitoFromAddress: string;
}

// Easy DKIM always hands out three selectors.
const DKIM_TOKEN_COUNT = 3;
const DNS_TTL_SECONDS = 1800;

/**
 * The SES domain identity the notifier and Cognito send from: Easy DKIM and a MAIL FROM subdomain
 * (both published in the Route 53 zone, so SPF and DMARC alignment hold), and a configuration set,
 * the identity's default, that tracks reputation and counts sends, bounces and complaints in CloudWatch.
 */
export function addEmail(scope: Construct, props: EmailProps): Email {
  const { domain, hostedZoneId, region } = props;
  const configurationSet = new Sesv2ConfigurationSet(scope, 'ses_configuration_set', {
    configurationSetName: props.name('email'),
    reputationOptions: { reputationMetricsEnabled: true },
    sendingOptions: { sendingEnabled: true },
  });
  new Sesv2ConfigurationSetEventDestination(scope, 'ses_configuration_set_cloudwatch', {
    configurationSetName: configurationSet.configurationSetName,
    eventDestinationName: 'cloudwatch',
    eventDestination: {
      enabled: true,
      matchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT'],
      cloudWatchDestination: {
        dimensionConfiguration: [{ dimensionName: 'ses:configuration-set', dimensionValueSource: 'MESSAGE_TAG', defaultDimensionValue: props.name('email') }],
      },
    },
  });

  const identity = new Sesv2EmailIdentity(scope, 'ses_domain_identity', {
    emailIdentity: domain,
    configurationSetName: configurationSet.configurationSetName,
  });
  for (let index = 0; index < DKIM_TOKEN_COUNT; index++) {
    const token = Fn.element(identity.dkimSigningAttributes.tokens, index);
    new Route53Record(scope, `ses_dkim_${index}`, {
      zoneId: hostedZoneId,
      name: `${token}._domainkey.${domain}`,
      type: 'CNAME',
      ttl: DNS_TTL_SECONDS,
      records: [`${token}.dkim.amazonses.com`],
    });
  }

  const mailFromDomain = `mail.${domain}`;
  new Sesv2EmailIdentityMailFromAttributes(scope, 'ses_mail_from', {
    emailIdentity: identity.emailIdentity,
    mailFromDomain,
    behaviorOnMxFailure: 'USE_DEFAULT_VALUE',
  });
  new Route53Record(scope, 'ses_mail_from_mx', {
    zoneId: hostedZoneId,
    name: mailFromDomain,
    type: 'MX',
    ttl: DNS_TTL_SECONDS,
    records: [`10 feedback-smtp.${region}.amazonses.com`],
  });
  new Route53Record(scope, 'ses_mail_from_spf', {
    zoneId: hostedZoneId,
    name: mailFromDomain,
    type: 'TXT',
    ttl: DNS_TTL_SECONDS,
    records: ['v=spf1 include:amazonses.com ~all'],
  });

  return {
    identityArn: identity.arn,
    configurationSetArn: configurationSet.arn,
    configurationSetName: configurationSet.configurationSetName,
    fromAddress: `rewards@${domain}`,
    cognitoFromAddress: `Loyalty <no-reply@${domain}>`,
  };
}
