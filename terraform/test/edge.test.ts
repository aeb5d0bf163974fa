import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { addEdge, MANAGED_CACHE_POLICY, MANAGED_ORIGIN_REQUEST_POLICY, WAF_RATE_LIMIT_PER_5_MINUTES } from '../src/edge.js';
import { name } from './support/seams.js';
import { parseJson, synthesizePart } from './support/synthesized.js';

const origin = { domainName: 'ec2-203-0-113-10.eu-west-1.compute.amazonaws.com', customerPort: 3001, adminPort: 3002 };
const alertsTopicArn = 'arn:aws:sns:us-east-1:123456789012:test-alerts';
const synthesized = synthesizePart((stack) => {
  addEdge(stack, { name, domain: 'loyalty.example.com', hostedZoneId: 'Z123EXAMPLE', origin, alertsTopicArn, appHostnames: ['app.loyalty.example.com'] });
});
const apis = [
  ['customer', 'api.loyalty.example.com', origin.customerPort],
  ['admin', 'admin-api.loyalty.example.com', origin.adminPort],
] as const;

it('has one certificate in us-east-1 for both API hosts and the apps, validated by DNS records in the zone', () => {
  expect(synthesized.resources('aws_acm_certificate').edge_certificate).toMatchObject({
    region: 'us-east-1',
    domain_name: 'api.loyalty.example.com',
    subject_alternative_names: ['admin-api.loyalty.example.com', 'app.loyalty.example.com'],
    validation_method: 'DNS',
  });
  expect(synthesized.resources('aws_route53_record').edge_certificate_validation_record).toMatchObject({
    zone_id: 'Z123EXAMPLE',
    for_each: expect.stringContaining('aws_acm_certificate.edge_certificate.domain_validation_options'),
    name: '${each.value.resource_record_name}',
    type: '${each.value.resource_record_type}',
    records: ['${each.value.resource_record_value}'],
  });
  expect(synthesized.resources('aws_acm_certificate_validation').edge_certificate_validation).toMatchObject({
    region: 'us-east-1',
    certificate_arn: '${aws_acm_certificate.edge_certificate.arn}',
  });
});

it('has a CloudFront-scope web ACL in us-east-1 with the AWS common rules and a per-IP rate rule', () => {
  const acl = synthesized.resources('aws_wafv2_web_acl').edge_web_acl;
  expect(acl).toMatchObject({ region: 'us-east-1', scope: 'CLOUDFRONT', default_action: { allow: {} } });
  const rules = parseJson(acl?.rule_json) as { Name: string; Statement: Record<string, unknown>; Action?: unknown; OverrideAction?: unknown }[];
  expect(rules).toEqual([
    expect.objectContaining({
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
    }),
    expect.objectContaining({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: WAF_RATE_LIMIT_PER_5_MINUTES, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    }),
  ]);
});

describe.each(apis)('%s API', (api, hostname, port) => {
  const distribution = () => synthesized.resources('aws_cloudfront_distribution')[`edge_${api}`] as Record<string, unknown>;

  it(`answers at ${hostname}, HTTPS only with TLS 1.2 or later, behind the web ACL`, () => {
    expect(distribution()).toMatchObject({
      aliases: [hostname],
      web_acl_id: '${aws_wafv2_web_acl.edge_web_acl.arn}',
      viewer_certificate: {
        acm_certificate_arn: '${aws_acm_certificate_validation.edge_certificate_validation.certificate_arn}',
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      },
      default_cache_behavior: { viewer_protocol_policy: 'https-only' },
    });
    for (const behavior of distribution().ordered_cache_behavior as Record<string, unknown>[]) expect(behavior.viewer_protocol_policy).toBe('https-only');
  });

  it(`sends everything to port ${port} of the origin`, () => {
    expect(distribution().origin).toEqual([
      expect.objectContaining({ domain_name: origin.domainName, custom_origin_config: expect.objectContaining({ http_port: port }) }),
    ]);
  });

  it('never caches API answers and forwards every viewer header (Authorization too) but Host', () => {
    expect(distribution().default_cache_behavior).toMatchObject({
      cache_policy_id: MANAGED_CACHE_POLICY.cachingDisabled,
      origin_request_policy_id: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
      allowed_methods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
    });
  });

  it('caches the Swagger UI assets and the OpenAPI document', () => {
    expect(distribution().ordered_cache_behavior).toEqual(
      ['/docs*', '/openapi.json'].map((path) =>
        expect.objectContaining({ path_pattern: path, cache_policy_id: MANAGED_CACHE_POLICY.cachingOptimized, allowed_methods: ['GET', 'HEAD'] }),
      ),
    );
  });

  it.each(['A', 'AAAA'])('has a Route 53 %s alias to its distribution', (type) => {
    expect(synthesized.json).toHaveResourceWithProperties(Route53Record, {
      zone_id: 'Z123EXAMPLE',
      name: hostname,
      type,
      alias: {
        name: `\${aws_cloudfront_distribution.edge_${api}.domain_name}`,
        zone_id: `\${aws_cloudfront_distribution.edge_${api}.hosted_zone_id}`,
        evaluate_target_health: false,
      },
    });
  });

  it('alarms in us-east-1 when its 5xx rate passes 5%', () => {
    expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      region: 'us-east-1',
      namespace: 'AWS/CloudFront',
      metric_name: '5xxErrorRate',
      dimensions: { DistributionId: `\${aws_cloudfront_distribution.edge_${api}.id}`, Region: 'Global' },
      threshold: 5,
      alarm_actions: [alertsTopicArn],
    });
  });
});
