import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { deploymentSettings, synthesize } from './support/synthesized.js';

const synthesized = synthesize({
  settings: deploymentSettings({
    domain: 'acme.example',
    hostedZoneId: 'ZACME',
    alertEmail: 'ops@acme.example',
    callbackUrls: ['https://app.acme.example/auth/callback'],
    logoutUrls: ['https://app.acme.example/'],
  }),
});

it('verifies the domain in SES with Easy DKIM: three CNAMEs in the zone', () => {
  expect(synthesized.resources('aws_sesv2_email_identity').ses_domain_identity).toMatchObject({
    email_identity: 'acme.example',
    configuration_set_name: '${aws_sesv2_configuration_set.ses_configuration_set.configuration_set_name}',
  });
  [0, 1, 2].forEach((index) => {
    const token = `\${element(aws_sesv2_email_identity.ses_domain_identity.dkim_signing_attributes[0].tokens, ${index})}`;
    expect(synthesized.json).toHaveResourceWithProperties(Route53Record, {
      zone_id: 'ZACME',
      type: 'CNAME',
      name: `${token}._domainkey.acme.example`,
      records: [`${token}.dkim.amazonses.com`],
    });
  });
  expect(Object.values(synthesized.resources('aws_route53_record')).filter((record) => record.type === 'CNAME')).toHaveLength(3);
});

it('sends from a MAIL FROM subdomain with its MX and SPF records', () => {
  expect(synthesized.resources('aws_sesv2_email_identity_mail_from_attributes').ses_mail_from).toMatchObject({ mail_from_domain: 'mail.acme.example' });
  expect(synthesized.json).toHaveResourceWithProperties(Route53Record, {
    name: 'mail.acme.example',
    type: 'MX',
    records: ['10 feedback-smtp.eu-west-1.amazonses.com'],
  });
  expect(synthesized.json).toHaveResourceWithProperties(Route53Record, {
    name: 'mail.acme.example',
    type: 'TXT',
    records: ['v=spf1 include:amazonses.com ~all'],
  });
});

it('tracks reputation and delivery events in CloudWatch through a configuration set', () => {
  expect(synthesized.resources('aws_sesv2_configuration_set').ses_configuration_set).toMatchObject({
    configuration_set_name: 'test-email',
    reputation_options: { reputation_metrics_enabled: true },
  });
  expect(synthesized.resources('aws_sesv2_configuration_set_event_destination').ses_configuration_set_cloudwatch).toMatchObject({
    event_destination: { enabled: true, matching_event_types: expect.arrayContaining(['BOUNCE', 'COMPLAINT', 'DELIVERY']) },
  });
});

it.each(['customers', 'staff'])("the %s pool sends its emails through the SES identity, not Cognito's mailer", (pool) => {
  expect(synthesized.resources('aws_cognito_user_pool')[`user_pool_${pool}`]?.email_configuration).toEqual({
    email_sending_account: 'DEVELOPER',
    source_arn: '${aws_sesv2_email_identity.ses_domain_identity.arn}',
    from_email_address: 'Loyalty <no-reply@acme.example>',
    configuration_set: '${aws_sesv2_configuration_set.ses_configuration_set.configuration_set_name}',
  });
});

it('emails the alerts to the configured address, from both topics', () => {
  const emails = Object.values(synthesized.resources('aws_sns_topic_subscription')).filter((subscription) => subscription.protocol === 'email');
  expect(emails.map((subscription) => subscription.endpoint)).toEqual(['ops@acme.example', 'ops@acme.example']);
});
